import {ExternalError} from '../domain/errors.js';
import {checkTitle} from './checks/check-types.js';
import {runPreflightChecks} from './preflight-checks.js';
import type {StepDefinition} from './step-types.js';

export const preflight: StepDefinition = {
	id: 'preflight',
	title: 'Preflight checks',
	scope: 'cluster',
	destructive: false,
	run: async ctx => {
		const results = await runPreflightChecks(ctx.discovery, ctx.checks, ctx.resumed());
		for (const result of results) {
			ctx.log(
				result.node,
				// A warning's level says WARN already; PASS and FAIL (under ERROR) are said in words.
				`${result.status === 'warn' ? '' : `${result.status.toUpperCase()} `}${checkTitle(result.id)}: ${result.reason}`,
				result.status === 'fail' ? 'error' : result.status === 'warn' ? 'warn' : 'info',
			);
		}
		const failed = results.filter(result => result.status === 'fail');
		if (failed.length > 0) {
			throw new ExternalError(
				`${failed.length} check${failed.length > 1 ? 's' : ''} failed: ${failed.map(result => `${result.node ? `node ${result.node}` : 'cluster'}: ${checkTitle(result.id)}`).join('; ')}.`,
				{
					hint: 'Fix what each failure says (`oms-upgrade check` lists them), then run again.',
					exitCode: 3,
				},
			);
		}
		return `${results.length} checks passed${results.some(result => result.status === 'warn') ? ' (with warnings)' : ''}`;
	},
};
