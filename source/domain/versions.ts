/** An OMS Community Edition version, written `X.Y.Z-CE`. */
export type Version = {
	readonly major: number;
	readonly minor: number;
	readonly patch: number;
};

const versionPattern = /^(\d+)\.(\d+)\.(\d+)-CE$/;

export function parseVersion(text: string): Version | undefined {
	const match = versionPattern.exec(text.trim());
	if (!match) return undefined;
	return {major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3])};
}

export function formatVersion(version: Version): string {
	return `${version.major}.${version.minor}.${version.patch}-CE`;
}

export function compareVersions(a: Version, b: Version): number {
	return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `4.2.9-CE` → `429`, used for default container names (`oms_428` → `oms_428_429`). */
export function versionDigits(version: Version): string {
	return `${version.major}${version.minor}${version.patch}`;
}

/** Image tags look like `feature_4.2.8-ce`; the version is read from the tag part of the reference. */
export function versionFromImage(image: string): Version | undefined {
	const tag = image.slice(image.lastIndexOf(':') + 1);
	const match = /(\d+)\.(\d+)\.(\d+)-ce$/i.exec(tag);
	if (!match) return undefined;
	return {major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3])};
}

type UpgradePath = {readonly target: string; readonly from: readonly string[]};

/** The documented upgrade paths (OMS upgrade guide, "Versions"). */
const upgradePaths: readonly UpgradePath[] = [
	{
		target: '4.2.9-CE',
		from: ['4.2.0-CE', '4.2.1-CE', '4.2.2-CE', '4.2.3-CE', '4.2.4-CE', '4.2.5-CE', '4.2.6-CE', '4.2.7-CE', '4.2.8-CE'],
	},
	{target: '4.2.3-CE', from: ['4.2.2-CE', '4.1.0-CE']},
	{target: '4.2.2-CE', from: ['4.2.1-CE']},
	{target: '4.2.1-CE', from: ['4.2.0-CE']},
	{target: '4.2.0-CE', from: ['4.1.1-CE']},
];

export function supportedTargets(): string[] {
	return upgradePaths.map(path => path.target);
}

/** The versions a target accepts, or undefined when the tool has no documented path to it. */
export function acceptedSources(target: Version): readonly string[] | undefined {
	return upgradePaths.find(path => path.target === formatVersion(target))?.from;
}
