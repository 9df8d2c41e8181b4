import path from 'node:path';

/** Runtime configuration from the environment (README "Configuration" lists every variable). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminPassword?: string;
  demo: boolean;
  /** Serve cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  /** Folder of the built web app; served at / when it exists. */
  webDist: string;
  uploadMaxBytes: number;
  logLevel: string;
  timeZone: string;
}

/** Reads the configuration from environment variables, with the defaults of API.md "Running". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(import.meta.dirname, '../..');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.RP_DATA_DIR ?? path.join(process.cwd(), 'data')),
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.RP_ADMIN_PASSWORD || undefined,
    demo: env.RP_DEMO !== '0',
    secureCookies: env.RP_SECURE_COOKIES === '1',
    webDist: path.resolve(env.RP_WEB_DIST ?? path.join(root, 'web/dist')),
    uploadMaxBytes: Number(env.RP_UPLOAD_MAX_BYTES ?? 20 * 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? 'info',
    timeZone: env.RP_TIME_ZONE ?? 'Asia/Shanghai',
  };
}
