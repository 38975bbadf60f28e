// The worker as Vite bundles it: a bare import of the package.
import * as tmr from 'tmr-client';
import { serve } from './serve.js';

serve(tmr);
