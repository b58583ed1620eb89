import type { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

export function mountHomeRoutes(app: Hono<AppEnv>): void {
  void app;
}
