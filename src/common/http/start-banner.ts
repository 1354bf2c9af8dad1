import { AppConfig } from '../../config/app-config';

/** What the API prints when it starts: where it listens, and where the links in its e-mails will point. */
export function startBanner(config: AppConfig): string {
  const local = `http://localhost:${config.http.port}`;
  return [
    `Simplifica API escuchando en ${local} (puerto ${config.http.port}): API en ${local}/api/v1, documentación en ${local}/docs.`,
    `Los enlaces de los correos (invitaciones, restablecer contraseña) apuntarán a ${config.http.publicUrl} (APP_PUBLIC_URL).`,
  ].join('\n');
}
