import { describe, expect, it } from 'vitest';
import { classifyError, errorText, fieldOf } from './errors';

describe('errorText', () => {
  it('strips the v1 "caused: ...;" wrapper', () => {
    expect(errorText('caused: invalid dataId : a b;')).toBe('invalid dataId : a b');
  });
  it('keeps the param checker text and drops the CRLF', () => {
    expect(errorText("Param 'dataId' is illegal, illegal characters should not appear in the param.\r\n")).toBe(
      "Param 'dataId' is illegal, illegal characters should not appear in the param.",
    );
  });
  it('reads Spring JSON errors and v2 envelopes', () => {
    expect(errorText('{"status":403,"error":"Forbidden","message":"user not found!"}')).toBe('user not found!');
    expect(errorText('{"code":20002,"message":"parameter validate error","data":"invalid dataId : a b"}')).toBe(
      'invalid dataId : a b',
    );
  });
  it('unescapes HTML entities of the console catch-all', () => {
    expect(errorText('caused: Required request parameter &#39;dataId&#39; is not present;')).toBe(
      "Required request parameter 'dataId' is not present",
    );
  });
});

describe('fieldOf', () => {
  it.each([
    ["Param 'dataId' is illegal, illegal characters should not appear in the param.", 'dataId'],
    ['invalid dataId : a b', 'dataId'],
    ["Param 'group' is illegal, the param length should not exceed 128.", 'group'],
    ["Param 'namespaceId/tenant' is illegal, illegal characters should not appear in the param.", 'tenant'],
    ["Param 'namespaceShowName' is illegal", 'namespaceName'],
    ['content is blank : ', 'content'],
    ['invalid content, over 10485760', 'content'],
    ['too long desc, over 128', 'desc'],
    ['too much config_tags, over 5', 'configTags'],
    ['too long tag, over 64', 'configTags'],
    ['something else entirely', undefined],
  ])('%s → %s', (msg, field) => {
    expect(fieldOf(msg)).toBe(field);
  });
});

describe('classifyError', () => {
  it('recognises a CAS conflict (HTTP 500)', () => {
    const c = classifyError(500, 'caused: Cas publish fail, server md5 may have changed.;');
    expect(c.kind).toBe('conflict');
    expect(c.message).toBe('Cas publish fail, server md5 may have changed.');
  });
  it('maps 400 to a validation error on a field', () => {
    expect(classifyError(400, 'caused: invalid dataId : a b;')).toMatchObject({ kind: 'validation', field: 'dataId' });
  });
  it('treats a missing parameter (500) as validation', () => {
    const c = classifyError(500, "caused: Required request parameter 'group' for method parameter type String is not present;");
    expect(c).toMatchObject({ kind: 'validation', field: 'group' });
  });
  it('maps auth, not found, network and other failures', () => {
    expect(classifyError(403, '{"message":"token expired!"}').kind).toBe('auth');
    expect(classifyError(404, '').kind).toBe('notFound');
    expect(classifyError(0, '').kind).toBe('network');
    const other = classifyError(503, '');
    expect(other.kind).toBe('server');
    expect(other.message).toContain('503');
  });
});
