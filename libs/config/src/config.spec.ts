import { ConfigError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/cases', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

describe('loadConfig', () => {
  it('accepts a complete environment and applies defaults', () => {
    const c = loadConfig(base);
    expect(c.databaseUrl).toBe(base.DATABASE_URL);
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'integrity-cases', uiUrl: undefined });
    expect(c.apiPort).toBe(3000);
  });

  it.each([
    ['not a url', /DATABASE_URL is not a URL/],
    ['mysql://u@h/db', /DATABASE_URL must use the postgres:\/\/ scheme/],
    ['postgres://u@host:5432/', /DATABASE_URL names no database/],
  ])('refuses DATABASE_URL=%s with one clear line', (value, message) => {
    expect(() => loadConfig({ ...base, DATABASE_URL: value })).toThrow(message);
    expect(() => loadConfig({ ...base, DATABASE_URL: value })).toThrow(ConfigError);
  });

  it('requires DATABASE_URL and TEMPORAL_ADDRESS', () => {
    expect(() => loadConfig({ TEMPORAL_ADDRESS: base.TEMPORAL_ADDRESS })).toThrow(/DATABASE_URL is required/);
    expect(() => loadConfig({ DATABASE_URL: base.DATABASE_URL })).toThrow(/TEMPORAL_ADDRESS is required/);
  });

  it('refuses a bad port, address or enum value', () => {
    expect(() => loadConfig({ ...base, API_PORT: 'eighty' })).toThrow(/API_PORT must be a TCP port/);
    expect(() => loadConfig({ ...base, TEMPORAL_ADDRESS: 'localhost' })).toThrow(/TEMPORAL_ADDRESS must be host:port/);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
  });
});
