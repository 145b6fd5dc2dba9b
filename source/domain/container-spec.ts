import {formatBind, httpsTargets, parseBind, type Bind} from './binds.js';

/**
 * What the new container takes from the old one: its binds, and the privileged flag the plan decided (true, or the old
 * one's).
 */
export type OldContainerFacts = {
	readonly binds: readonly string[];
	readonly privileged: boolean;
};

/** The Docker create body for the new container, as the guide's `docker run` describes it. */
export type NewContainerSpec = {
	readonly name: string;
	readonly Image: string;
	readonly Env: readonly string[];
	readonly Tty: true;
	readonly OpenStdin: true;
	readonly Labels: Readonly<Record<string, string>>;
	readonly HostConfig: {
		readonly Binds: readonly string[];
		readonly NetworkMode: 'host';
		readonly Privileged: boolean;
		readonly PidsLimit: -1;
		readonly Ulimits: ReadonlyArray<{readonly Name: 'nproc'; readonly Soft: 65_535; readonly Hard: 65_535}>;
	};
};

/**
 * Old binds exactly (HTTPS certificate binds from the plan replace any the old container had for those
 * paths), --privileged as the plan says (the guide: true), host network, OMS_HOST_IP, IS_UPGRADE=true, no pids limit,
 * nproc 65535.
 */
export function newContainerSpec(options: {
	name: string;
	image: string;
	host: string;
	old: OldContainerFacts;
	https: {cert: string; key: string} | undefined;
	upgradeFrom: string;
}): NewContainerSpec {
	let binds: Bind[] = options.old.binds.map(parseBind);
	if (options.https) {
		const wanted = [
			{source: options.https.cert, target: httpsTargets.cert, options: ''},
			{source: options.https.key, target: httpsTargets.key, options: ''},
		];
		binds = [...binds.filter(bind => !wanted.some(https => https.target === bind.target)), ...wanted];
	}
	return {
		name: options.name,
		Image: options.image,
		Env: [`OMS_HOST_IP=${options.host}`, 'IS_UPGRADE=true'],
		Tty: true,
		OpenStdin: true,
		Labels: {'oms-upgrade.from': options.upgradeFrom},
		HostConfig: {
			Binds: binds.map(formatBind),
			NetworkMode: 'host',
			Privileged: options.old.privileged,
			PidsLimit: -1,
			Ulimits: [{Name: 'nproc', Soft: 65_535, Hard: 65_535}],
		},
	};
}

/** The `docker run` line an operator would type for the same container, for plan output. */
export function dockerRunEquivalent(spec: NewContainerSpec): string {
	const parts = ['docker run -dit --net host', `--name ${spec.name}`];
	for (const bind of spec.HostConfig.Binds) parts.push(`-v ${bind}`);
	for (const variable of spec.Env) parts.push(`-e ${variable}`);
	if (spec.HostConfig.Privileged) parts.push('--privileged=true');
	parts.push('--pids-limit -1', '--ulimit nproc=65535:65535', spec.Image);
	return parts.join(' ');
}
