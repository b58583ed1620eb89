import type { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

export function mountChapterRoutes(app: Hono<AppEnv>): void {
  void app;
}
