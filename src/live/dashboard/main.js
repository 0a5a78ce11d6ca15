// @ts-check
import { watchDetail } from './detail.js';
import { loadCatalog, watchFireForm } from './fire-form.js';
import { connect, loadSnapshot } from './live.js';
import { watchOutbox } from './outbox.js';

/**
 * The dashboard's entry module, served as `/_emulator/dashboard/main.js` with the modules it imports
 * beside it. Everything the page shows comes from the control API and the live log; see README.md.
 */

watchFireForm();
watchDetail();
watchOutbox();
void loadCatalog();
// The snapshot comes first, so the page shows what there is even while the socket is down.
void loadSnapshot();
connect();
