import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { AssetManifest, buildAssets, builtAssetsDir, sourceHash } from './build-assets';

interface Asset {
  type: string;
  identity: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
  etag: string;
  /** Content-hashed names never change: a year, immutable. The favicon.ico browsers ask for by name: a day. */
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  js: 'text/javascript; charset=utf-8',
};

/** Which pre-compressed body to send for an Accept-Encoding header (brotli first). */
export function negotiateEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/**
 * The built assets (stylesheet, favicon), held in memory with their brotli and gzip versions, served under
 * /assets/<content-hashed name> with a year of immutable caching. In development and tests a missing or stale
 * build (sources changed) is rebuilt at boot; in production the build of `npm run build` must be there.
 */
@Injectable()
export class Assets {
  private readonly files = new Map<string, Asset>();
  private readonly manifest: AssetManifest;

  constructor(config: AppConfig) {
    const dir = builtAssetsDir();
    const manifestFile = join(dir, 'manifest.json');
    let manifest: AssetManifest | null = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as AssetManifest)
      : null;
    if (config.env !== 'production' && (!manifest || manifest.sourceHash !== sourceHash())) manifest = buildAssets(dir);
    if (!manifest) throw new Error(`Faltan los recursos compilados de las páginas (${manifestFile}): ejecute npm run build.`);
    this.manifest = manifest;
    for (const file of Object.values(manifest.files)) {
      const path = join(dir, 'assets', file);
      const identity = readFileSync(path);
      const ext = file.slice(file.lastIndexOf('.') + 1);
      this.files.set(file, {
        type: TYPES[ext] ?? 'application/octet-stream',
        identity,
        br: existsSync(`${path}.br`) ? readFileSync(`${path}.br`) : null,
        gzip: existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`) : null,
        etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
        cacheControl: file === 'favicon.ico' ? 'public, max-age=86400' : 'public, max-age=31536000, immutable',
      });
    }
  }

  /** The URL of an asset by its logical name ("site.css" → "/assets/site.3f2a….css"). */
  url(name: string): string {
    const file = this.manifest.files[name];
    if (!file) throw new Error(`Recurso desconocido: ${name}`);
    return `/assets/${file}`;
  }

  /** Changes whenever any asset changes (part of every page's ETag, with the templates'). */
  get fingerprint(): string {
    return this.manifest.sourceHash;
  }

  /** Express middleware for GET/HEAD /assets/* and /favicon.ico; anything else goes on. */
  readonly serve = (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    const name = path === '/favicon.ico' ? 'favicon.ico' : path.startsWith('/assets/') ? path.slice('/assets/'.length) : null;
    const asset = name === null ? undefined : this.files.get(name);
    if (!asset) return next();
    res.setHeader('Cache-Control', asset.cacheControl);
    res.setHeader('ETag', asset.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Type', asset.type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    const body = (encoding === 'br' && asset.br) || (encoding === 'gzip' && asset.gzip) || asset.identity;
    if (body !== asset.identity) res.setHeader('Content-Encoding', encoding as string);
    res.setHeader('Content-Length', String(body.length));
    res.status(200);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };
}
