import {runObProxy} from './ob-proxy.js';

/** `node dist/lab/ob-proxy-main.js --port P …`: the OBProxy stand-in daemon from a checkout or the npm package. */
await runObProxy(process.argv.slice(2));
