import { talkTo } from './page.js';

talkTo(new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
