import { describe, expect, it } from 'vitest';
import { cityOfMunicipality } from '../../../../electron/core/office/office';

describe('the city a municipality names', () => {
  it('is the name after «شهرداری», however it is spaced, or the whole name without it', () => {
    expect(cityOfMunicipality('شهرداری کرج')).toBe('کرج');
    expect(cityOfMunicipality('  شهرداری\u200cشیراز ')).toBe('شیراز');
    expect(cityOfMunicipality('شهرداری منطقه آزاد کیش')).toBe('منطقه آزاد کیش');
    expect(cityOfMunicipality('اصفهان')).toBe('اصفهان');
    // Typed on an Arabic keyboard: the word is found, the city spelled in Persian letters.
    expect(cityOfMunicipality('شهرداري شيراز')).toBe('شیراز');
    // Only a leading word: a city whose own name holds it keeps it.
    expect(cityOfMunicipality('کرج شهرداری')).toBe('کرج شهرداری');
    expect(cityOfMunicipality('شهرداری')).toBe('شهرداری');
  });
});
