import type {CliArgs} from '../cli-args.js';
import type {Output} from './output.js';
export async function planCommand(_args: CliArgs, _out: Output): Promise<number> {
	return 0;
}
