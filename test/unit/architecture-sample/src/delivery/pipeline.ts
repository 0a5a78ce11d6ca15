// A deliberate back-pointing import: the pipeline reaching up to the HTTP app. architecture.test.ts
// checks that the layer check finds it.
import { app } from '../api/app.js';

export const pipeline = `runs under ${app}`;
