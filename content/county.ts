/**
 * 县级设置 —— 部署本门户的县（市、区）只需要改这一个文件，然后重新构建（npm run build）。
 *
 * - 电话、金额填 null 表示「尚未公布」：页面会显示「以本县公布标准为准」或改为提示拨打全国统一热线，
 *   绝不会显示编造的数字。
 * - 乡镇的 id 一旦有案件就不要再改；名称可以改。
 * - 这里的乡镇和村（社区）是演示数据，请换成本县的实际名单。
 */
import { defineCounty } from '../src/config/county-schema.ts';

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
  screeningMonths: [2, 7],
});
