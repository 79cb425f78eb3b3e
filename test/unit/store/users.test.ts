import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_USER, UserDictionary } from '../../../src/store/index.js';
import { cleanTemp, tempDir } from '../../helpers/index.js';

afterAll(cleanTemp);

describe('UserDictionary', () => {
  it('numbers ids in first-seen order, looks them up, survives encode/load', () => {
    const d = new UserDictionary([]);
    expect(d.intern('b')).toBe(0);
    expect(d.intern('a')).toBe(1);
    expect(d.intern('b')).toBe(0);
    expect(d.intern('')).toBe(2);
    expect(d.lookup('a')).toBe(1);
    expect(d.lookup('zz')).toBeUndefined();
    expect(d.idOf(1)).toBe('a');
    expect(d.idOf(NO_USER)).toBeUndefined();
    expect(d.changed).toBe(true);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'u.arrow'), d.encode());
    const back = UserDictionary.load(dir, 'u.arrow');
    expect(back.ids).toEqual(['b', 'a', '']);
    expect(back.changed).toBe(false);
    expect(back.lookup('a')).toBe(1);
    back.intern('c');
    expect(back.changed).toBe(true);
    expect(UserDictionary.load(dir, null).size).toBe(0);
  });
});
