import {checkTitles} from './preflight-checks.js';
import {cluster, type StepDefinition} from './step-types.js';

export const preflight: StepDefinition = {
	id: 'preflight',
	title: 'Preflight checks',
	scope: 'cluster',
	destructive: false,
	describe: () => checkTitles.map(title => cluster('check', title)),
};
