// The package root, found the same way from src/ (tsx, vitest) and from dist/ (built).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsFolder = path.join(packageRoot, 'src', 'db', 'migrations');
export const webDistFolder = path.join(packageRoot, 'web', 'dist');
