import {hostname, userInfo} from 'node:os';
import {operatorFrom, type Operator} from '../domain/operator.js';

/** The operator running this process: OS user, host name, and the SSH session variables where set. */
export function currentOperator(): Operator {
	let user: string;
	try {
		user = userInfo().username;
	} catch {
		// A uid with no passwd entry (a container): the environment's word is all there is.
		user = process.env['USER'] ?? process.env['LOGNAME'] ?? `uid ${process.getuid?.() ?? '?'}`;
	}
	return operatorFrom(user, hostname(), process.env);
}
