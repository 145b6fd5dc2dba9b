/** One `-v host:container[:options]` bind of a container. */
export type Bind = {
	readonly source: string;
	readonly target: string;
	readonly options: string;
};

/** The container paths every OMS container mounts (the guide: the same mounts across the upgrade). */
export const requiredTargets = [
	{target: '/home/admin/conf/config.yaml', label: 'config.yaml'},
	{target: '/home/admin/logs', label: 'logs'},
	{target: '/home/ds/store', label: 'store'},
	{target: '/home/ds/run', label: 'run'},
] as const;

export const httpsTargets = {cert: '/etc/pki/nginx/oms_server.crt', key: '/etc/pki/nginx/oms_server.key'} as const;

export function parseBind(text: string): Bind {
	const [source = '', target = '', ...options] = text.split(':');
	return {source, target, options: options.join(':')};
}

export function formatBind(bind: Bind): string {
	return bind.options ? `${bind.source}:${bind.target}:${bind.options}` : `${bind.source}:${bind.target}`;
}

type BindDifference = {
	readonly target: string;
	readonly old: string | undefined;
	readonly new: string | undefined;
	readonly same: boolean;
};

/** Old and new binds side by side, keyed by container path, in the old container's order. */
export function compareBinds(oldBinds: readonly Bind[], newBinds: readonly Bind[]): BindDifference[] {
	const targets = [...new Set([...oldBinds.map(bind => bind.target), ...newBinds.map(bind => bind.target)])];
	return targets.map(target => {
		const before = oldBinds.find(bind => bind.target === target);
		const after = newBinds.find(bind => bind.target === target);
		const old = before && formatBind(before);
		const next = after && formatBind(after);
		return {target, old, new: next, same: old === next};
	});
}
