// Default locations of generated files, relative to the project root.
import { resolve } from 'node:path';

export const DEFAULT_MODEL_DIR = resolve('public/model');
