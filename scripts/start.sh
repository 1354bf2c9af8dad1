#!/usr/bin/env bash
# One command from a fresh clone to a running Simplifica with demo data:
# install → services → database roles → migrations → demo data → build → API + pages + worker (+ local mail catcher).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<11)) { console.error("Se necesita Node.js 20.11 o posterior (tiene "+process.versions.node+")"); process.exit(1) }'

step "Dependencias (npm install)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  SCARF_ANALYTICS=false npm install --no-audit --no-fund
else
  echo "  ya instaladas"
fi

if [ ! -f .env ]; then
  step "Configuración: .env creado a partir de .env.example (con JWT_SECRET y DATA_ENCRYPTION_KEY aleatorios)"
  secret=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
  data_key=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
  sed -e "s/^JWT_SECRET=.*/JWT_SECRET=${secret}/" -e "s/^DATA_ENCRYPTION_KEY=.*/DATA_ENCRYPTION_KEY=${data_key}/" .env.example > .env
elif ! grep -q '^DATA_ENCRYPTION_KEY=' .env; then
  # A .env from before webhook secrets were encrypted: give it its own key rather than refusing to start.
  step "Configuración: DATA_ENCRYPTION_KEY aleatorio añadido a su .env (cifra los secretos de webhooks; respáldelo)"
  echo "DATA_ENCRYPTION_KEY=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')" >> .env
fi
eval "$(node -r @swc-node/register scripts/print-config.ts)"

step "PostgreSQL y Redis"
bash scripts/ensure-services.sh

step "Base de datos: roles y base (${DATABASE_NAME})"
npm run --silent db:bootstrap

step "Migraciones"
npm run --silent migration:run 2>&1 | grep -E "executed successfully|No migrations are pending|rror" || true

step "Datos de demostración"
npm run --silent seed
# The banner's account list comes from the seed's data, never written here by hand.
eval "$(node -r @swc-node/register scripts/print-demo-accounts.ts)"

step "Puntajes de hoy e historial de 12 meses (a partir de los datos fechados)"
npm run --silent scores:backfill -- --months 12

step "Compilación"
npm run --silent build

pids=()
cleanup() { trap - EXIT INT TERM; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

mail_note="el servidor SMTP configurado (${SMTP_URL})"
# SMTP_URL on this machine without credentials (smtp://127.0.0.1:<port>, by default 1025): the local catcher listens there.
if [[ "${SMTP_URL}" =~ ^smtp://(127\.0\.0\.1|localhost):([0-9]+)/?$ ]]; then
  mail_port="${BASH_REMATCH[2]}"
  if (exec 3<>"/dev/tcp/127.0.0.1/${mail_port}") 2>/dev/null; then
    mail_note="lo que ya escucha en el puerto ${mail_port} (no se inició el receptor local: ese puerto está ocupado)"
  else
    node -r @swc-node/register scripts/mail-catcher.ts "${mail_port}" & pids+=($!)
    mail_note="el receptor local (puerto ${mail_port}): cada correo se imprime aquí (con sus enlaces) y se guarda en .data/mail/"
  fi
fi

step "Iniciando API y worker"
node dist/src/worker.js & pids+=($!)
node dist/src/main.js & pids+=($!)

healthy=""
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:${PORT}/health" >/dev/null 2>&1 && { healthy=1; break; }
  sleep 1
done
if [ -z "$healthy" ]; then
  echo "✗ La API no respondió en http://127.0.0.1:${PORT}/health en 60 s; revise los mensajes de arriba." >&2
fi

cat <<BANNER

──────────────────────────────────────────────────────────────────────
 Simplifica está en marcha
   Transparencia .. http://localhost:${PORT}/transparencia   (sitio público; / lleva allí)
   Espacio de trabajo http://localhost:${PORT}/app/ingresar   (enlaces y Comisión: ingrese con una cuenta de abajo)
   API ............ http://localhost:${PORT}/api/v1/…   (con sesión: vea el ejemplo de abajo; cada ruta en /docs)
   API pública .... http://localhost:${PORT}/api/public/v1/institutions   (sin sesión)
   Documentación .. http://localhost:${PORT}/docs   (OpenAPI: /docs-json)
   Salud .......... http://localhost:${PORT}/health
   Correo ......... ${mail_note}
   Enlaces ........ los correos apuntan a ${APP_PUBLIC_URL} (APP_PUBLIC_URL)

 Cuentas de demostración (contraseña: ${DEMO_PASSWORD})
${DEMO_ACCOUNTS}

 Ejemplo:
   curl -s -X POST http://localhost:${PORT}/api/v1/auth/login -H 'Content-Type: application/json' \\
     -d '{"email":"${DEMO_LOGIN}","password":"${DEMO_PASSWORD}"}'

 Ctrl+C detiene todo.
──────────────────────────────────────────────────────────────────────
BANNER
wait -n "${pids[@]}"
