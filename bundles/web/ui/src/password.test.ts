import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from './password';

describe('a new password', () => {
  it('needs twelve characters and the same entry twice before the server is asked', () => {
    expect(newPasswordProblem('short', 'short')).toBe('The new password needs at least 12 characters.');
    expect(newPasswordProblem('long-enough-1', 'long-enough-2')).toBe('The two new passwords differ.');
    expect(newPasswordProblem('long-enough-1', 'long-enough-1')).toBeNull();
  });
});
