/**
 * 摸底排查: the county opens a round for a screening month of the county settings; two
 * villages' 儿童主任 work through their rosters; townships see their villages' progress; the
 * county closes the round; 排查分类率 comes from it.
 */
import { describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { apply, caseOf, expectError } from './support/api.ts';
import { auditRows, staffFetch, staffToken } from './support/staff.ts';

interface Progress {
  period: string;
  open: boolean;
  onRoster: number;
  screened: number;
  classified: number;
  townships: {
    township: string;
    onRoster: number;
    screened: number;
    classified: number;
    villages: { village: string; onRoster: number; screened: number; classified: number }[];
  }[];
}
interface Roster {
  children: { reference: string; name: string | null; record: { result: string } | null }[];
}

describe('a whole round', () => {
  it('open, records from two villages, progress per township and village, close, and the indicator it gives', async () => {
    const countyToken = await staffToken('county', ['*']);
    // On file before the round: two children in 松林村, one in 清水村.
    const songlin = [
      await caseOf((await apply('dongshan', '松林村', { name: '排查一', birthDate: '2015-01-01' })).reference),
      await caseOf((await apply('dongshan', '松林村', { name: '排查二', birthDate: '2016-01-01' })).reference),
    ];
    const qingshui = await caseOf((await apply('qingshui', '清水村', { name: '排查三', birthDate: '2017-01-01' })).reference);

    await expectError(await staffFetch(countyToken, '/screening-rounds', { body: { year: 2027, month: 5 } }), 400, 'invalid');
    const township = await staffToken('township', ['dongshan']);
    await expectError(
      await staffFetch(township, '/screening-rounds', { body: { year: 2027, month: county.screeningMonths[0] } }),
      403,
      'forbidden',
    );
    const opened = await staffFetch(countyToken, '/screening-rounds', { body: { year: 2027, month: county.screeningMonths[0] } });
    expect(opened.status).toBe(201);
    const { id } = await opened.json<{ id: number }>();
    await expectError(
      await staffFetch(countyToken, '/screening-rounds', { body: { year: 2027, month: county.screeningMonths[1] } }),
      409,
      'round_open',
    );

    const songlinDirector = await staffToken('village', ['dongshan']);
    const roster = await (
      await staffFetch(songlinDirector, `/screening-rounds/${id}/roster?village=${encodeURIComponent('松林村')}`)
    ).json<Roster>();
    expect(roster.children.map((c) => c.name)).toEqual(['排查一', '排查二']);
    const record = (body: Record<string, unknown>, token = songlinDirector) =>
      staffFetch(token, `/screening-rounds/${id}/records`, { body: { village: '松林村', ...body } });
    expect(
      (
        await record({
          caseRef: songlin[0],
          result: 'screened',
          targetGroups: ['leftBehind'],
          proposedLevel: 'orange',
          reason: '父母在外，爷爷年老',
        })
      ).status,
    ).toBe(201);
    expect((await record({ caseRef: songlin[1], result: 'notFound' })).status).toBe(201);
    expect(
      (
        await record({
          child: { name: '新发现', birthDate: '2019-03-03' },
          result: 'screened',
          targetGroups: ['lowIncome'],
          proposedLevel: 'blue',
          reason: '低保家庭',
        })
      ).status,
    ).toBe(201);
    // A screened child needs a level and its reason.
    await expectError(await record({ caseRef: songlin[1], result: 'screened', targetGroups: [] }), 400, 'invalid');

    const qingshuiDirector = await staffToken('village', ['qingshui']);
    expect(
      (
        await record(
          {
            caseRef: qingshui,
            village: '清水村',
            result: 'screened',
            targetGroups: ['disabled'],
            proposedLevel: 'yellow',
            reason: '残疾，需要康复',
          },
          qingshuiDirector,
        )
      ).status,
    ).toBe(201);
    // … but not in 松林村, and not for a child outside their scope: answered as if there were no such file.
    await expectError(
      await record({ child: { name: '越界', birthDate: '2018-01-01' }, result: 'notFound' }, qingshuiDirector),
      403,
      'forbidden',
    );
    await expectError(
      await staffFetch(qingshuiDirector, `/screening-rounds/${id}/records`, {
        body: { caseRef: songlin[0], village: '清水村', result: 'notFound' },
      }),
      404,
      'not_found',
    );
    expect((await auditRows(`action = 'screen' AND outcome = 'denied'`)).length).toBe(2);

    const mine = await (await staffFetch(township, `/screening-rounds/${id}`)).json<Progress>();
    expect(mine.townships.map((t) => t.township)).toEqual(['dongshan']);
    const songlinRow = mine.townships[0]!.villages.find((v) => v.village === '松林村')!;
    expect(songlinRow).toEqual({ village: '松林村', onRoster: 3, screened: 2, classified: 2, recorded: 3 });

    const all = await (await staffFetch(countyToken, `/screening-rounds/${id}`)).json<Progress>();
    expect(all.townships.length).toBe(county.townships.length);
    expect({ onRoster: all.onRoster >= 4, screened: all.screened, classified: all.classified }).toEqual({
      onRoster: true,
      screened: 3,
      classified: 3,
    });

    const dashboard = await (
      await staffFetch(countyToken, '/dashboard')
    ).json<{ indicators: { classification: { part: number; whole: number } } }>();
    expect(dashboard.indicators.classification.part).toBe(3);
    expect(dashboard.indicators.classification.whole).toBe(all.onRoster);

    expect((await staffFetch(countyToken, `/screening-rounds/${id}/close`, { method: 'POST' })).status).toBe(200);
    await expectError(await record({ caseRef: songlin[1], result: 'notFound' }), 409, 'round_closed');
  });
});
