import {describe, expect, it} from 'vitest';
import {
	acceptedSources,
	compareVersions,
	formatVersion,
	parseVersion,
	supportedTargets,
	versionDigits,
	versionFromImage,
} from '../../source/domain/versions.js';

describe('parseVersion', () => {
	it('reads X.Y.Z-CE', () => {
		expect(parseVersion('4.2.9-CE')).toEqual({major: 4, minor: 2, patch: 9});
	});

	it('reads multi-digit parts and ignores surrounding whitespace', () => {
		expect(parseVersion('  10.20.300-CE\n')).toEqual({major: 10, minor: 20, patch: 300});
	});

	it.each(['4.2.9', '4.2-CE', 'v4.2.9-CE', '4.2.9-ce', '4.2.9-CE-1', '4.2.x-CE', ''])('refuses %j', text => {
		expect(parseVersion(text)).toBeUndefined();
	});
});

describe('formatVersion', () => {
	it('writes X.Y.Z-CE', () => {
		expect(formatVersion({major: 4, minor: 2, patch: 8})).toBe('4.2.8-CE');
	});

	it('round-trips with parseVersion', () => {
		expect(formatVersion(parseVersion('4.1.0-CE')!)).toBe('4.1.0-CE');
	});
});

describe('compareVersions', () => {
	const v = (text: string) => parseVersion(text)!;

	it('is zero for equal versions', () => {
		expect(compareVersions(v('4.2.9-CE'), v('4.2.9-CE'))).toBe(0);
	});

	it('orders by patch', () => {
		expect(compareVersions(v('4.2.8-CE'), v('4.2.9-CE'))).toBeLessThan(0);
		expect(compareVersions(v('4.2.9-CE'), v('4.2.8-CE'))).toBeGreaterThan(0);
	});

	it('lets minor outweigh patch and major outweigh minor', () => {
		expect(compareVersions(v('4.2.0-CE'), v('4.1.9-CE'))).toBeGreaterThan(0);
		expect(compareVersions(v('3.9.9-CE'), v('4.0.0-CE'))).toBeLessThan(0);
	});

	it('compares numerically, not as text', () => {
		expect(compareVersions(v('4.2.10-CE'), v('4.2.9-CE'))).toBeGreaterThan(0);
	});

	it('sorts a list', () => {
		const sorted = ['4.2.9-CE', '4.1.1-CE', '4.2.10-CE', '4.2.0-CE'].map(v).sort(compareVersions).map(formatVersion);
		expect(sorted).toEqual(['4.1.1-CE', '4.2.0-CE', '4.2.9-CE', '4.2.10-CE']);
	});
});

describe('versionDigits', () => {
	it('joins the parts', () => {
		expect(versionDigits({major: 4, minor: 2, patch: 9})).toBe('429');
	});
});

describe('versionFromImage', () => {
	it('reads the version from a feature tag', () => {
		expect(versionFromImage('oms:feature_4.2.9-ce')).toEqual({major: 4, minor: 2, patch: 9});
	});

	it('reads an upper-case suffix and a registry with a port', () => {
		expect(versionFromImage('registry.local:5000/oceanbase/oms:feature_4.2.8-CE')).toEqual({
			major: 4,
			minor: 2,
			patch: 8,
		});
	});

	it('is undefined without a version in the tag', () => {
		expect(versionFromImage('oms:latest')).toBeUndefined();
		expect(versionFromImage('registry.local:5000/oms')).toBeUndefined();
		expect(versionFromImage('oms:feature_4.2.9')).toBeUndefined();
	});
});

describe('acceptedSources', () => {
	it('accepts 4.2.0 through 4.2.8 for 4.2.9-CE', () => {
		expect(acceptedSources(parseVersion('4.2.9-CE')!)).toEqual([
			'4.2.0-CE',
			'4.2.1-CE',
			'4.2.2-CE',
			'4.2.3-CE',
			'4.2.4-CE',
			'4.2.5-CE',
			'4.2.6-CE',
			'4.2.7-CE',
			'4.2.8-CE',
		]);
	});

	it('does not accept 4.1.1-CE for 4.2.9-CE', () => {
		expect(acceptedSources(parseVersion('4.2.9-CE')!)).not.toContain('4.1.1-CE');
	});

	it('accepts 4.1.1-CE for 4.2.0-CE and 4.1.0-CE for 4.2.3-CE', () => {
		expect(acceptedSources(parseVersion('4.2.0-CE')!)).toEqual(['4.1.1-CE']);
		expect(acceptedSources(parseVersion('4.2.3-CE')!)).toEqual(['4.2.2-CE', '4.1.0-CE']);
	});

	it('is undefined for a target without a documented path', () => {
		expect(acceptedSources(parseVersion('4.3.0-CE')!)).toBeUndefined();
		expect(acceptedSources(parseVersion('4.2.8-CE')!)).toBeUndefined();
	});
});

describe('supportedTargets', () => {
	it('lists the documented targets', () => {
		expect(supportedTargets()).toEqual(['4.2.9-CE', '4.2.3-CE', '4.2.2-CE', '4.2.1-CE', '4.2.0-CE']);
	});
});
