#!/usr/bin/env bash
# Generates a migration from the difference between the entities and the database named by DATABASE_MIGRATION_URL
# (run `npm run migration:run` on that database first). Usage: npm run migration:generate -- migrations/AddSomething
# Review the generated file by hand (row-level security, grants and data changes are never generated).
set -euo pipefail
name="${1:?usage: npm run migration:generate -- migrations/<Name>}"
case "$name" in migrations/*) ;; *) name="migrations/$name" ;; esac
npm run --silent typeorm -- migration:generate "$name"
