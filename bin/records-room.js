#!/usr/bin/env node
// The command is TypeScript run through tsx, so a fresh clone needs no build step. The
// tsconfig is named explicitly: tsx would otherwise look for one in the caller's folder
// and render JSX with the wrong runtime when run from anywhere else.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli.ts');
