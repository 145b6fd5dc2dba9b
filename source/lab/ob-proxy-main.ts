import {parseArgs} from 'node:util';
import {startObProxy} from './ob-proxy.js';

/** The lab runs the OBProxy stand-in as a daemon of its own: `node ob-proxy-main.js --port P --upstream-port Q --user NAME --account ACCOUNT`. */
const {values} = parseArgs({
	options: {port: {type: 'string'}, 'upstream-port': {type: 'string'}, user: {type: 'string'}, account: {type: 'string'}},
	strict: true,
});
const proxy = await startObProxy({
	port: Number(values.port),
	upstreamPort: Number(values['upstream-port']),
	users: values.user && values.account ? {[values.user]: values.account} : {},
});
console.log(
	`${new Date().toISOString()} OBProxy stand-in on 127.0.0.1:${proxy.port} → mariadbd 127.0.0.1:${values['upstream-port']}; user ${values.user ?? '-'} → ${values.account ?? '-'}`,
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void proxy.close().then(() => process.exit(0)));
