import { describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { amountText, defineCounty, unsetSettings, visitIntervalText, type CountyInput } from '#src/config/county-schema.ts';

const base: CountyInput = {
  name: '测试县',
  level: '县',
  hotline: null,
  civilAffairsPhone: null,
  leadOffice: { address: null },
  townships: county.townships,
};

describe('county settings the seed leaves to the county', () => {
  it('an amount whose period the seed does not give must come with its unit', () => {
    expect(() => defineCounty({ ...base, amounts: { preschoolAid: 500 } })).toThrowError(/amounts\.preschoolAid: .*发放.*unit/);
    const set = defineCounty({ ...base, amounts: { preschoolAid: { value: 500, unit: '元/人·学年' }, orphanScatteredMonthly: 1200 } });
    expect(amountText(set, 'preschoolAid')).toBe('500 元/人·学年');
    // 篇三 gives the orphans' standard per month.
    expect(amountText(set, 'orphanScatteredMonthly')).toBe('1200 元/人·月');
    expect(amountText(set, 'nutritionLunch')).toBe('以本县公布标准为准');
  });

  it('the 蓝 and 红 visit intervals and the coming-of-age window start unset and are listed as such', () => {
    const unset = defineCounty(base);
    expect(unset.riskVisitDays).toEqual({ blue: null, red: null });
    expect(unset.comingOfAgeMonths).toBeNull();
    expect(unsetSettings(unset).join('\n')).toMatch(/riskVisitDays\.blue[\s\S]*riskVisitDays\.red/);
    expect(unsetSettings(unset).join('\n')).toContain('comingOfAgeMonths');
    expect(visitIntervalText(unset, 'blue')).toContain('本县尚未规定');
    expect(visitIntervalText(unset, 'yellow')).toBe('一个月');
    const set = defineCounty({ ...base, riskVisitDays: { blue: 90, red: 1 }, comingOfAgeMonths: 6 });
    expect(visitIntervalText(set, 'blue')).toBe('90 天（本县规定）');
    expect(unsetSettings(set).join('\n')).not.toMatch(/riskVisitDays|comingOfAgeMonths/);
  });
});
