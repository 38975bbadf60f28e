// The worker without a bundler: workers have no import maps, so it imports the installed files.
import * as tmr from './node_modules/tmr-client/index.js';
import { serve } from './src/serve.js';

serve(tmr);
