/**
 * 摸底排查: the county opens a round for a screening month of the county settings; two
 * villages' 儿童主任 work through their rosters; townships see their villages' progress; the
 * county closes the round; 排查分类率 comes from it.
 */
import { describe, expect, it } from 'vitest';
import county from '#content/county.ts';
import { apply, caseOf, expectError, idNumber } from './support/api.ts';
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

interface FileView {
  reference: string;
  statusLabel: string;
  targetGroups: { key: string }[];
  screenings: unknown[];
  possibleDuplicates: string[];
}

/** A round of its own for a test: one left open by an earlier test is closed first. */
async function freshRound(countyToken: string): Promise<number> {
  const open = () => staffFetch(countyToken, '/screening-rounds', { body: { year: 2028, month: county.screeningMonths[0] } });
  let res = await open();
  if (res.status === 409) {
    const { error } = await res.json<{ error: { fields: { id: string } } }>();
    await staffFetch(countyToken, `/screening-rounds/${error.fields.id}/close`, { method: 'POST' });
    res = await open();
  }
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json<{ id: number }>()).id;
}

describe('a record stays within the member’s scope', () => {
  it('a child found with an ID number on file in another township is filed here: the other file is neither attached to, changed nor named; the county sees both as possible duplicates and merges them', async () => {
    const countyToken = await staffToken('county', ['*']);
    const child = { name: '跨乡一', birthDate: '2015-10-10', idNumber: idNumber('2015-10-10') };
    const elsewhere = await caseOf((await apply('dongshan', '松林村', child)).reference);
    const id = await freshRound(countyToken);
    const director = await staffToken('village', ['qingshui']);
    const res = await staffFetch(director, `/screening-rounds/${id}/records`, {
      body: {
        child: { ...child, name: '跨乡壹' },
        village: '清水村',
        result: 'screened',
        targetGroups: ['disabled'],
        proposedLevel: 'yellow',
        reason: '残疾，需要康复',
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(elsewhere);
    const { caseRef, filed } = JSON.parse(text) as { caseRef: string; filed: boolean };
    expect(filed).toBe(true);
    expect(caseRef).not.toBe(elsewhere);

    // The file in 东山乡 is as it was: no record, no groups.
    const other = await (await staffFetch(countyToken, `/cases/${elsewhere}`)).json<FileView>();
    expect(other.screenings).toEqual([]);
    expect(other.targetGroups).toEqual([]);
    expect(await auditRows(`record_ref = '${elsewhere}' AND action = 'screen'`)).toEqual([]);
    // The county sees the two as possible duplicates; 清水镇 sees nothing of the other.
    expect(other.possibleDuplicates).toEqual([caseRef]);
    expect((await (await staffFetch(countyToken, `/cases/${caseRef}`)).json<FileView>()).possibleDuplicates).toEqual([elsewhere]);
    const qingshui = await staffToken('township', ['qingshui']);
    expect((await (await staffFetch(qingshui, `/cases/${caseRef}`)).json<FileView>()).possibleDuplicates).toEqual([]);
    const listed = async (token: string) =>
      (await (await staffFetch(token, '/cases?duplicates=1&limit=50')).json<{ items: { reference: string }[] }>()).items.map(
        (i) => i.reference,
      );
    expect(await listed(countyToken)).toEqual(expect.arrayContaining([caseRef, elsewhere]));
    expect(await listed(qingshui)).not.toContain(caseRef);

    // The county merges the new file into the one the child had …
    expect((await staffFetch(countyToken, `/cases/${caseRef}/merge`, { body: { into: elsewhere, reason: '身份证号相同' } })).status).toBe(
      200,
    );
    expect((await (await staffFetch(countyToken, `/cases/${elsewhere}`)).json<FileView>()).possibleDuplicates).toEqual([]);
    // … and a record for the merged file from 清水村 is refused without saying where the child's file is.
    const again = await staffFetch(director, `/screening-rounds/${id}/records`, {
      body: { caseRef, village: '清水村', result: 'notFound' },
    });
    expect(await again.clone().text()).not.toContain(elsewhere);
    await expectError(again, 409, 'merged');
    await staffFetch(countyToken, `/screening-rounds/${id}/close`, { method: 'POST' });
  });

  it('an account limited to one village: the roster and records of another village are refused (403, audited), a file there answers as missing, and a child there with the same name and birthday is not touched', async () => {
    const countyToken = await staffToken('county', ['*']);
    const child = { name: '岸小禾', birthDate: '2016-06-16' };
    const hewan = await caseOf((await apply('qingshui', '河湾村', child)).reference);
    const id = await freshRound(countyToken);
    const director = await staffToken('village', ['qingshui'], { villages: ['清水村'] });

    const roster = await staffFetch(director, `/screening-rounds/${id}/roster?village=${encodeURIComponent('河湾村')}`);
    expect(await roster.clone().text()).not.toContain(hewan);
    await expectError(roster, 403, 'forbidden');
    await expectError(
      await staffFetch(director, `/screening-rounds/${id}/records`, { body: { caseRef: hewan, village: '河湾村', result: 'notFound' } }),
      403,
      'forbidden',
    );
    await expectError(
      await staffFetch(director, `/screening-rounds/${id}/records`, { body: { caseRef: hewan, village: '清水村', result: 'notFound' } }),
      404,
      'not_found',
    );
    expect((await auditRows(`action = 'roster' AND outcome = 'denied'`)).length).toBe(1);
    expect((await auditRows(`action = 'screen' AND outcome = 'denied'`)).length).toBeGreaterThanOrEqual(2);

    // The same name and birthday found in 清水村: a child of its own here, not the one in 河湾村.
    const res = await staffFetch(director, `/screening-rounds/${id}/records`, {
      body: { child, village: '清水村', result: 'screened', targetGroups: ['leftBehind'], proposedLevel: 'blue', reason: '父母外出务工' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { caseRef, filed } = await res.json<{ caseRef: string; filed: boolean }>();
    expect({ filed, same: caseRef === hewan }).toEqual({ filed: true, same: false });
    const other = await (await staffFetch(countyToken, `/cases/${hewan}`)).json<FileView>();
    expect(other.screenings).toEqual([]);
    expect(other.targetGroups).toEqual([]);
    const mine = await (
      await staffFetch(director, `/screening-rounds/${id}/roster?village=${encodeURIComponent('清水村')}`)
    ).json<Roster>();
    expect(mine.children.map((c) => c.reference)).toContain(caseRef);
    expect(mine.children.map((c) => c.reference)).not.toContain(hewan);
    await staffFetch(countyToken, `/screening-rounds/${id}/close`, { method: 'POST' });
  });
});
