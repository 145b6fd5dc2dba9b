import {describe, expect, it} from 'vitest';
import {
	counted,
	formatBytes,
	formatDuration,
	formatSeconds,
	roundSeconds,
	sentence,
} from '../../source/domain/format.js';

describe('formatBytes', () => {
	it.each([
		[0, '0 B'],
		[1, '1 B'],
		[1023, '1023 B'],
		[1024, '1.0 KiB'],
		[1536, '1.5 KiB'],
		[5 * 1024 * 1024, '5.0 MiB'],
		[3.25 * 1024 ** 3, '3.3 GiB'],
		[2 * 1024 ** 4, '2.0 TiB'],
		[2048 * 1024 ** 4, '2048.0 TiB'],
	])('%d → %s', (bytes, text) => {
		expect(formatBytes(bytes)).toBe(text);
	});
});

describe('formatDuration', () => {
	it.each([
		[0, '0s'],
		[5, '5s'],
		[59, '59s'],
		[59.6, '1m00s'],
		[60, '1m00s'],
		[75, '1m15s'],
		[3599, '59m59s'],
		[3600, '1h00m'],
		[3725, '1h02m'],
		[90_000, '25h00m'],
		[-5, '0s'],
	])('%d s → %s', (seconds, text) => {
		expect(formatDuration(seconds)).toBe(text);
	});
});

describe('counted', () => {
	it.each([
		[0, 'regions'],
		[1, 'region'],
		[2, 'regions'],
	])('%d → %s', (count, noun) => {
		expect(counted(count, 'region')).toBe(`${count} ${noun}`);
	});
});

describe('formatSeconds and roundSeconds: a tenth where it matters', () => {
	it.each([
		[0, '0.0s', 0],
		[0.04, '<0.1s', 0],
		[0.4, '0.4s', 0.4],
		[0.46, '0.5s', 0.5],
		[3.25, '3.3s', 3.3],
		[9.94, '9.9s', 9.9],
		[9.96, '10s', 10],
		[12.4, '12s', 12],
		[75, '1m15s', 75],
		[-1, '0.0s', -1],
	])('%d s → %s', (seconds, text, figure) => {
		expect(formatSeconds(seconds)).toBe(text);
		expect(roundSeconds(seconds)).toBe(figure);
	});
});

describe('sentence', () => {
	it('ends text with one full stop: none added after a stop, a ! or a ?, or a message whose cause ends in ").', () => {
		expect(sentence('cannot connect: connect ETIMEDOUT')).toBe('cannot connect: connect ETIMEDOUT.');
		expect(sentence('Check that this machine can reach it.')).toBe('Check that this machine can reach it.');
		expect(sentence('deadline passed (requestSec).')).toBe('deadline passed (requestSec).');
		expect(sentence('really?')).toBe('really?');
	});
});
