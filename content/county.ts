/**
 * 县级设置 —— 部署本门户的县（市、区）只需要改这一个文件，然后重新构建（npm run build）。
 *
 * - 电话、金额填 null 表示「尚未公布」：页面会显示「以本县公布标准为准」或改为提示拨打全国统一热线，
 *   绝不会显示编造的数字。工作方案没有写发放周期的金额，要连单位一起填，例如
 *   preschoolAid: { value: 500, unit: '元/人·学年' }。
 * - riskVisitDays：蓝色、红色个案多少天走访一次。工作方案只写了「平时进行随访、关注」和「立即实施」，
 *   没有天数；填 null 时这两级个案不进逾期名单，工作台会提示本县尚未规定。
 * - comingOfAgeMonths：孤儿满 18 周岁前多少个月，「我能申请什么」就提示可以提前咨询成年后的住房保障。
 *   填 null 时，未成年的孤儿都会看到「可能符合」，不会被告知「暂不符合」。
 * - reviewDays：认定审核每一步（初步筛选、建立档案、调查评估、审核认定）最多用多少天。工作方案没有规定；
 *   填 null 时这一步没有期限、不进逾期名单。四步都填了，查询页才会告诉申请人「预计某月某日前答复」。
 * - 乡镇的 phone：乡镇（街道）办公电话，查询页会给申请人；填 null 时提示拨打 12345。
 * - 乡镇的 id 一旦有案件就不要再改；名称可以改。
 * - 这里的乡镇和村（社区）是演示数据，请换成本县的实际名单。
 */
import { defineCounty } from '#src/config/county-schema.ts';

export default defineCounty({
  name: '示范县',
  level: '县',
  hotline: null,
  civilAffairsPhone: null,
  leadOffice: {
    address: null,
  },
  departmentPhones: {},
  townships: [
    { id: 'chengguan', name: '城关镇', villages: ['东街社区', '西街社区', '南关村', '北关村'] },
    { id: 'qingshui', name: '清水镇', villages: ['清水村', '河湾村', '石桥村'] },
    { id: 'dongshan', name: '东山乡', villages: ['东山村', '松林村', '上坪村'] },
    { id: 'xihe', name: '西河乡', villages: ['西河村', '柳树村', '新庄村'] },
  ],
  amounts: {
    orphanInstitutionMonthly: null,
    orphanScatteredMonthly: null,
    unsupportedChildMonthly: null,
    disabledNurserySubsidy: null,
    disabledRehabSubsidy: null,
    preschoolAid: null,
    nutritionLunch: null,
    examYearAid: null,
    highSchoolAid: null,
  },
  riskVisitDays: { blue: null, red: null },
  comingOfAgeMonths: null,
  reviewDays: { screening: null, filing: null, assessing: null, deciding: null },
  screeningMonths: [2, 7],
});
