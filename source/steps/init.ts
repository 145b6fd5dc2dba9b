import type {NodeModel} from '../config/resolve-plan.js';
import {ExternalError} from '../domain/errors.js';
import {initCompleted, judgeInit} from '../domain/init-output.js';
import {delay, waitFor} from '../domain/wait.js';
import type {StepContext} from './step-context.js';
import {recordSourceVersion, versionFixQuestion, versionRefusal} from './version-fix.js';
import type {StepDefinition} from './step-types.js';

const initCommand = ['bash', '/root/docker_init.sh'];

export const initMetadata: StepDefinition = {
	id: 'init',
	title: 'Run docker_init.sh',
	scope: 'region',
	destructive: true,
	// Regions one after another: every region's init migrates the shared rm and cm databases.
	run: async ctx => {
		const done: string[] = [];
		for (const {region, hosts} of ctx.model.initTargets) {
			for (const host of hosts) {
				const node = ctx.model.nodes.find(candidate => candidate.host === host);
				if (!node) throw new Error(`init: ${host} of region ${region} is not a node of the plan`);
				if (ctx.doneOn(host)) {
					done.push(`${host} (earlier run)`);
					continue;
				}
				// A run killed after docker_init.sh completed and before the journal said so: its own words, in the
				// run log, say it completed; it is not run again in a region where it completed.
				const earlier = completedEarlier(await ctx.earlierLines(host));
				if (earlier) {
					ctx.log(
						host,
						`docker_init.sh completed in an earlier run of this attempt (its completion line is in the run log at ${earlier}): not run again`,
					);
					await ctx.nodeState(
						host,
						'succeeded',
						`docker_init.sh completed for region ${region} (earlier run, ${earlier})`,
					);
					done.push(`${host} (earlier run)`);
					continue;
				}
				await ctx.nodeState(host, 'running');
				try {
					await waitUntilReady(ctx, node);
					await runInit(ctx, node, region);
				} catch (error) {
					await ctx.nodeState(host, 'failed', (error as Error).message);
					throw error;
				}
				await ctx.nodeState(host, 'succeeded', `docker_init.sh completed for region ${region}`);
				done.push(host);
			}
		}
		return `docker_init.sh completed on ${done.join(', ')}`;
	},
};

/** The guide's `sleep 300`, counted from the container's start, then no supervisor program STARTING. */
async function waitUntilReady(ctx: StepContext, node: NodeModel): Promise<void> {
	const state = await node.engine.inspectContainer(node.newContainer);
	if (!state?.running) {
		throw new ExternalError(`node ${node.host}: ${node.newContainer} is not running.`, {
			hint: 'Run start-new again (oms-upgrade run resumes).',
		});
	}
	const remainingMs = new Date(state.startedAt).getTime() + ctx.model.plan.init.minWaitSec * 1000 - Date.now();
	if (remainingMs > 0) {
		ctx.log(
			node.host,
			`waiting ${Math.ceil(remainingMs / 1000)}s more (init.minWaitSec ${ctx.model.plan.init.minWaitSec}s after start)`,
		);
		await delay(remainingMs, ctx.signal);
	}
	const timedOut = `node ${node.host}: supervisor programs still STARTING after ${ctx.model.plan.init.timeoutSec}s`;
	let unanswered: string | undefined;
	await waitFor(
		async () => {
			// An engine failure is an error (named by the engine); only exit 127 (not found) means no supervisor.
			const status = await node.engine.exec(node.newContainer, ['supervisorctl', 'status'], () => undefined, 30_000);
			const said = `exit ${status.exitCode}: ${status.lines.at(-1) ?? 'no output'}`;
			if (status.exitCode === 127) {
				ctx.log(node.host, 'no supervisorctl in this image: nothing to wait for');
				return true;
			}
			if (status.exitCode === 126) {
				throw new ExternalError(
					`node ${node.host}: \`supervisorctl status\` in ${node.newContainer} cannot be run (${said}).`,
					{
						hint: `Look at the image's supervisorctl (docker exec -it ${node.newContainer} bash on the node); init has not run.`,
					},
				);
			}
			// 0: all RUNNING; 3: some program not RUNNING (still a listing). Anything else: supervisord not answering
			// yet.
			if (status.exitCode !== 0 && status.exitCode !== 3) {
				unanswered = `supervisorctl status ${said.replace('exit', 'exited')}`;
				ctx.log(node.host, unanswered);
				return false;
			}
			unanswered = undefined;
			const starting = status.lines.filter(line => /\bSTARTING\b/.test(line)).map(line => line.split(/\s+/)[0]);
			if (starting.length > 0) ctx.log(node.host, `supervisor: ${starting.join(', ')} STARTING`);
			return starting.length === 0;
		},
		{timeoutMs: ctx.model.plan.init.timeoutSec * 1000, intervalMs: 2000, signal: ctx.signal, message: timedOut},
	).catch((error: unknown) => {
		if (!(error instanceof Error) || error.message !== timedOut) throw error;
		throw new ExternalError(`${timedOut}${unanswered ? ` (${unanswered})` : ''}.`, {
			hint: `Look at supervisorctl status in ${node.newContainer} on the node; raise init.timeoutSec if it is only slow.`,
		});
	});
}

/**
 * A run killed during init (kill -9, a lost jump host) leaves its docker_init.sh running in the
 * container: the engine does not stop an exec when its client goes. Two at once would migrate the
 * metadata concurrently, so a script still running is waited for (its result is not known: it is run
 * again afterwards, one after the other, as the guide's own re-run does).
 */
async function waitForEarlierInit(ctx: StepContext, node: NodeModel): Promise<void> {
	const running = async () =>
		(await node.engine.runningExecs(node.newContainer)).filter(command => command.includes('docker_init.sh'));
	const first = await running();
	if (first.length === 0) return;
	ctx.log(
		node.host,
		`docker_init.sh of an earlier run still runs in ${node.newContainer} (${first.join('; ')}): waiting for it to end before running it again`,
		'warn',
	);
	const timedOut = `node ${node.host}: the earlier docker_init.sh still runs after ${ctx.model.plan.init.timeoutSec}s`;
	await waitFor(async () => (await running()).length === 0, {
		timeoutMs: ctx.model.plan.init.timeoutSec * 1000,
		intervalMs: 2000,
		signal: ctx.signal,
		message: timedOut,
	}).catch((error: unknown) => {
		if (!(error instanceof Error) || error.message !== timedOut) throw error;
		throw new ExternalError(`${timedOut}; init has not been started again.`, {
			hint: `Look at it on the node (docker top ${node.newContainer}, or docker exec ${node.newContainer} ps); once it has ended, run again.`,
		});
	});
	ctx.log(node.host, 'the earlier docker_init.sh has ended');
}

/**
 * When the last docker_init.sh run the log shows on the node completed (its completion line, no error line after its
 * start).
 */
function completedEarlier(lines: ReadonlyArray<{readonly at: string; readonly text: string}>): string | undefined {
	const start = lines.findLastIndex(
		line => line.text.startsWith('docker exec ') && line.text.includes(initCommand.join(' ')),
	);
	if (start === -1) return undefined;
	const after = lines.slice(start + 1);
	const verdict = judgeInit(
		0,
		after.map(line => line.text),
	);
	return verdict.ok ? after.find(line => line.text.includes(initCompleted))?.at : undefined;
}

async function runInit(ctx: StepContext, node: NodeModel, region: string): Promise<void> {
	await waitForEarlierInit(ctx, node);
	for (let attempt = 1; ; attempt += 1) {
		ctx.log(node.host, `docker exec ${node.newContainer} ${initCommand.join(' ')}`);
		const result = await node.engine.exec(
			node.newContainer,
			initCommand,
			line => ctx.log(node.host, line),
			ctx.model.plan.init.timeoutSec * 1000,
		);
		// Its words count as much as its exit status: the script goes on (and exits 0) after a failed statement.
		const verdict = judgeInit(result.exitCode, result.lines);
		if (verdict.ok) return;
		const refused = result.lines.some(line => line.includes(versionRefusal));
		if (!refused || attempt > 1) {
			throw new ExternalError(`node ${node.host} (region ${region}): docker_init.sh ${verdict.words}.`, {
				hint: 'Read the init output above; docker_init.sh is safe to run again once the cause is fixed (run again resumes at init).',
			});
		}
		if (
			!(await ctx.confirm(
				versionFixQuestion(ctx, `init on ${node.host} says "${versionRefusal}"`) + ' Then init runs again.',
			))
		) {
			throw new ExternalError(`node ${node.host}: ${versionRefusal}; the oms_version fix was declined.`, {
				hint: `Record the version before the upgrade (${ctx.model.from}) in oms_version and run again.`,
			});
		}
		// Journaled before the write: a rollback must know the metadata changed even if init never ran again.
		await ctx.record({step: 'init', versionFixApplied: true});
		await recordSourceVersion(ctx);
	}
}
