import { describe, expect, it } from 'vitest';
import {
  MAX_CUSTOM_MEASUREMENTS,
  measurementsFromAttributes,
  normalizeMeasurements,
} from './measurements.js';

describe('normalizeMeasurements', () => {
  it('gives built-ins their unit and custom ones theirs or none', () => {
    expect(
      normalizeMeasurements({
        LCP: { value: 1200, unit: 'second' }, // built-in: unit forced, name lowercased
        cls: { value: 0.02 },
        frames_total: { value: 120, unit: 'millisecond' },
        app_start_cold: { value: 900 },
        'cart.size': { value: 3 },
        'memory.used': { value: 2048, unit: 'Byte' },
        weird: { value: 1, unit: 'not a unit!' },
      }),
    ).toEqual({
      lcp: { value: 1200, unit: 'millisecond' },
      cls: { value: 0.02, unit: 'none' },
      frames_total: { value: 120, unit: 'none' },
      app_start_cold: { value: 900, unit: 'millisecond' },
      'cart.size': { value: 3, unit: 'none' },
      'memory.used': { value: 2048, unit: 'byte' },
      weird: { value: 1, unit: 'none' },
    });
  });
  it('drops non-numbers, negative built-ins, bad names, and custom ones past the cap', () => {
    const raw: Record<string, unknown> = {
      fcp: { value: -5 },
      ttfb: { value: '100' },
      inp: { value: NaN },
      'bad name': { value: 1 },
      __proto__: { value: 1 },
      lcp: 'x',
      'custom.negative': { value: -3 },
    };
    for (let i = 0; i < 15; i++) raw[`c${i}`] = { value: i };
    const out = normalizeMeasurements(raw);
    expect(out['fcp']).toBeUndefined();
    expect(out['ttfb']).toBeUndefined();
    expect(out['inp']).toBeUndefined();
    expect(out['lcp']).toBeUndefined();
    expect(out['custom.negative']).toEqual({ value: -3, unit: 'none' });
    expect(Object.keys(out)).toHaveLength(MAX_CUSTOM_MEASUREMENTS);
    expect(normalizeMeasurements(null)).toEqual({});
  });
});

describe('measurementsFromAttributes', () => {
  it('maps the v2 attribute names', () => {
    expect(
      measurementsFromAttributes({
        'browser.web_vital.lcp.value': 2500,
        'browser.web_vital.cls.value': 0,
        'browser.web_vital.inp.value': 24,
        'browser.web_vital.ttfb.request_time': 4.8,
        'browser.web_vital.lcp.element': 'body > h1',
        'app.vitals.start.cold.value': 1500,
        'app.vitals.frames.slow.count': 3,
        'http.response.status_code': 200,
      }),
    ).toEqual({
      lcp: { value: 2500, unit: 'millisecond' },
      cls: { value: 0, unit: 'none' },
      inp: { value: 24, unit: 'millisecond' },
      'ttfb.requesttime': { value: 4.8, unit: 'millisecond' },
      app_start_cold: { value: 1500, unit: 'millisecond' },
      frames_slow: { value: 3, unit: 'none' },
    });
  });
});
