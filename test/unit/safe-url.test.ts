import { describe, expect, it } from 'vitest';
import { httpUrl } from '../../client/src/lib/safe-url';

describe('httpUrl: only absolute http(s) addresses become links', () => {
  it.each([
    { url: 'http://prometheus:9090/graph?g0.expr=up%3D%3D0', expected: 'http://prometheus:9090/graph?g0.expr=up%3D%3D0' },
    { url: 'HTTPS://Prom.example.org/graph', expected: 'https://prom.example.org/graph' },
    { url: 'javascript:alert(1)', expected: null },
    { url: ' JavaScript:alert(1)', expected: null },
    { url: 'java\tscript:alert(1)', expected: null },
    { url: 'data:text/html,<script>alert(1)</script>', expected: null },
    { url: 'vbscript:msgbox(1)', expected: null },
    { url: '//evil.example/x', expected: null },
    { url: '/graph', expected: null },
    { url: '', expected: null },
    { url: null, expected: null },
  ])('$url → $expected', ({ url, expected }) => {
    expect(httpUrl(url)).toBe(expected);
  });
});
