/**
 * The search dictionary: the words people type, grouped by meaning, each group led by the word
 * the programme uses (the seed's and the content's own terms, then what families, teachers,
 * doctors and neighbours say). One source for both sides of search:
 * - at build time every page is indexed under a short token for each group it mentions
 *   (src/search/index-terms.ts), so 「最低生活保障」 on a page answers 「吃低保」;
 * - in the browser the query's words become the same tokens (src/search/query.ts).
 * A word belongs to one group only and has at least two characters; the unit tests check both.
 *
 * To add a synonym: put it in the group with the same meaning (or add a group, led by a word the
 * content uses), rebuild, and add the query to tests/fixtures/search-queries.ts.
 */

/** Groups whose words mean a child may be in danger now: search shows the emergency card first. */
const CRISIS = [
  // 自伤、自杀：先打 120，再找心理援助（12355）。
  '想不开 自杀 轻生 想死 不想活 不想活了 寻死 自尽 跳楼 跳河 割腕 自残 自伤 伤害自己 结束生命 活着没意思 活不下去',
  '打骂 家庭暴力 家暴 被打 挨打 殴打 毒打 暴打 打孩子 打骂孩子 打小孩 打我 打他 打她 暴力伤害 体罚 拳打脚踢 用皮带抽 被人打 被打了 被继父打 被继母打 被后妈打 被后爸打 被爸爸打 被妈妈打 被父亲打 被母亲打 被老师打 被同学打 被家长打 打得',
  '虐待 虐待儿童 虐童 折磨 不给饭吃 关起来 烫伤 烟头烫',
  '性侵 性侵害 猥亵 强奸 性骚扰 摸下面 摸了下面 摸隐私 摸私处 被摸 乱摸 动手动脚 脱衣服 防性侵',
  '走失 走丢 走丢了 丢了孩子 孩子丢了 孩子不见了 找不到孩子 失踪 下落不明的孩子',
  '离家出走 出走 跑出去 跑出去了 偷偷跑了 离家',
  '拐卖 拐骗 被拐 拐走 拐卖儿童 人贩子 诱拐 偷孩子 被拐卖',
  '溺水 掉水里 掉河里 落水 淹水',
  '中毒 喝农药 农药 误服 吃错药 吃了药',
  '危险 有危险 生命危险 救命 出事了 情况紧急',
];

/** Words that name a law or its articles: law pages keep their rank for these queries. */
const LAW = [
  '未成年人保护法 未保法 保护法',
  '预防未成年人犯罪法 预防犯罪法 犯罪法',
  '刑事诉讼法 刑诉法 特别程序',
  '法律 法规 法条 条款 条例 规定 哪条法律 法律规定 依法',
  '民法典 民法',
];

const GROUPS = [
  // —— 谁需要帮助（保护对象）
  '孤儿 没有父母 父母双亡 父母都去世 父母都去世了 父母都死了 爸妈都没了 爸妈都去世了 爸爸妈妈都去世 爸妈都不在了 无父无母 没爹没娘 没爸没妈 孤儿院',
  '事实无人抚养儿童 事实孤儿 无人抚养 没人抚养 没人养 谁来养 没人要 不管孩子 不要孩子 扔下孩子',
  '服刑 坐牢 蹲监狱 进监狱 在监狱 监狱 判刑 被判刑 服刑人员 关进去 劳改',
  '失联 联系不上 找不到人 下落不明 跑了 跑掉了 不知去向 离家不归 一直不回来 改嫁',
  '戒毒 吸毒 强制隔离戒毒 毒品',
  '重病 重残 病重 瘫痪 卧床 长期住院 生大病 精神病 精神疾病 精神残疾 精神不正常 精神有问题',
  '留守儿童 留守 留守孩子 留守娃 父母不在身边 爸妈不在身边 爸妈不在家 父母不在家 父母外出 爸妈出去打工 父母外出打工 爸爸妈妈都去打工 爸妈都在外地',
  '外出务工 打工 出去打工 外出打工 在外打工 去外地打工 外地打工 务工 进城务工 外出',
  '随迁子女 外来务工 农民工子女 打工子女 外地孩子 外地户口 外地人 流动儿童 异地上学 跟着父母 随迁',
  '困境儿童 困境未成年人 困难儿童 可怜的孩子 困难孩子',
  '困难家庭 贫困家庭 家里穷 太穷 很穷 穷困 吃不上饭 揭不开锅 家庭困难 家里困难 生活困难 没钱 家里没钱 没有钱 拿不出钱 经济困难 日子难过',
  '残疾 残疾儿童 残障 残障儿童 残疾孩子 残疾人 残疾证 腿脚不好 智力障碍 智力有问题 智力低下 智力 智障 弱智 聋哑 听不见 看不见 盲童 肢体残疾 残废 发育迟缓',
  '孤独症 自闭症 自闭 不理人',
  '脑瘫 脑性瘫痪',
  '先天性残疾 先天残疾 先天性 生下来就 天生的 出生缺陷',
  '流浪 流浪儿童 流浪乞讨 街头流浪 流浪孩子 流浪的孩子 在外流浪 流落街头 睡在街上 无家可归',
  '乞讨 乞讨儿童 要饭 讨饭 讨钱 卖花 卖艺 行乞',
  '弃婴 遗弃 捡到孩子 捡到婴儿 捡到一个婴儿 捡来的孩子 捡的孩子 被丢弃 扔了 被扔了 抛弃 丢弃 门口的婴儿',
  '身份不明 不知道是谁家的 没有家长 找不到家长 找不到家人 没有家长陪',
  '单亲 单亲家庭 单亲妈妈 单亲爸爸 离异家庭',
  '离婚 父母离婚 爸妈离婚 闹离婚',
  '未成年人 未成年 青少年 少年 中小学生',
  '婴儿 婴幼儿 刚出生 宝宝 新生儿',
  // —— 照顾和监护
  '无人照料 没人管 没人照顾 无人看护 无人监护 一个人在家 独自在家 自己在家 没大人管 没大人 没有大人 家里没大人 没人看 没人带 没人接送 没有大人在家 饿肚子 吃不饱饭 没饭吃 饿着 挨饿',
  '临时照料 临时监护 临时安置 紧急安置 暂时照顾 先照顾',
  '监护 监护人 家庭监护 监护责任 监护权 监护资格 抚养权 谁来管',
  '撤销监护 撤销监护资格 撤销监护人资格 剥夺监护权 不配当父母 不尽抚养义务 不尽责',
  '委托照护 委托亲属抚养 托付 托人照顾 交给亲戚 亲戚带 让亲戚照顾 寄养 家庭寄养',
  '隔代抚养 隔代教育 爷爷奶奶 外公外婆 姥姥姥爷 老人带孩子 奶奶带 祖辈',
  '收养 领养 抱养 过继',
  '儿童福利院 福利院 福利机构',
  '父母住院 爸妈住院 父母都住院 爸妈都住院 父母生病 父母重病 妈妈住院 爸爸住院',
  '父母被抓 爸妈被抓 爸爸被抓 妈妈被抓 被警察带走',
  // —— 生活救助和补贴
  '最低生活保障 低保 低保户 低保金 吃低保 低保家庭 城乡低保',
  '低保边缘 低收入家庭 低收入',
  '特困 特困供养 特困人员 五保户',
  '临时救助 临时生活救助 应急救助 急难救助 救急 急需用钱 急用钱 突发困难 一时困难',
  '意外事故 车祸 出车祸 着火 火灾 房子塌了 天灾 遭灾 受灾 意外',
  '补贴 补助 生活费 资助 津贴 补助金 救助金 给钱 发钱 有钱拿 领钱 钱补 补贴钱 有没有钱 有钱吗 给不给钱 有补贴吗 补不补',
  '基本生活费 基本生活补贴 基本生活保障 基本生活',
  '标准 多少钱 给多少 发多少 给多少钱 金额 钱数 每月多少 一个月多少 每个月 多少 发放标准',
  '住房 没房子住 房子住 住房困难 住的地方 公租房 廉租房 公共租赁住房 经济适用房 建房 危房',
  '房产 房屋产权 老房子 房子被占 占房子 财产 遗产 继承 财产被侵占 卖房 土地',
  // —— 上学
  '上学 入学 读书 念书 就学 上不了学 上不起学 读不起书 进学校 报名上学',
  '辍学 失学 不上学 不想上学 退学 逃学 逃课 旷课 不去学校 不去上学 没去上学 不上学了 在家不上学 没来上学 不来上学 控辍保学',
  '劝返 复学 返校 回学校 重新上学 劝学',
  '厌学 不爱学习 不想读书 成绩差 学习不好 不写作业 作业 写作业 学习压力',
  '学费 交不起学费 学杂费 书费 费用 上学费用 上学的钱 读书的钱',
  '免费教科书 课本 教科书 书本 免费课本',
  '义务教育 九年义务教育 小学 初中 中学',
  '高中 上高中 高中阶段 中职 职高 中专',
  '中考 高考 考大学 考上大学 上大学 大学 应届考生',
  '学前教育 幼儿园 上幼儿园 幼教 入园 托儿所 入托 托育 早教',
  '营养午餐 营养餐 午餐 午饭 中午吃饭 伙食 学生餐 吃饭补助 吃不饱',
  '送教上门 随班就读 特殊教育 特教学校 特殊学校 特教 培智学校',
  '学校 校园 班级 课堂 老师 班主任 校长',
  '家庭教育 家庭教育指导 家长学校 家长课堂 亲职教育 育儿指导 管孩子 怎么管孩子 教育孩子 不会教育 不听话 叛逆 顶嘴 亲子沟通 沟通 脾气大',
  '沉迷网络 网络沉迷 网瘾 玩手机 打游戏 玩游戏 游戏 沉迷游戏 上网 网吧 刷视频 抖音 手机不离手 防沉迷 健康上网',
  '不良行为 严重不良行为 学坏 混社会 不三不四 抽烟喝酒 打架 夜不归宿 晚上不回家 彻夜不归',
  '专门学校 专门教育 工读学校',
  '欺凌 学生欺凌 校园欺凌 欺负 霸凌 被欺负 被同学欺负 校园暴力 被孤立 勒索',
  '法治副校长 法治教育 普法 法治宣传 安全教育',
  // —— 看病和康复
  '医疗救助 看病 看不起病 没钱看病 没钱治 没钱治病 看病难 治病 就医 看医生 医药费 治疗费 手术费 住院费 生病 病了 得病',
  '医疗保险 医保 居民医保 城乡居民医保 城镇居民医保 参保 医保卡 交医保',
  '报销 住院报销 看病报销 能报多少',
  '住院 住院治疗 手术 开刀',
  '大病 重大疾病 大病救助 白血病 癌症 肿瘤 心脏病 先心病 肾病 尿毒症 重病儿童',
  '康复 康复训练 康复救助 抢救性康复 做康复 康复治疗 语言训练',
  '先救治后结算 先看病后付费 不收押金 先治病',
  '急救 救护车 急诊 受伤 受了伤 伤得很重 急病 昏迷 流血',
  '定点医院 医院 医生 卫生院 诊所 护士',
  '心理咨询 心理 心理辅导 心理疏导 心理健康 心理门诊 心理老师 心理问题 心理医生 心理干预 心理援助',
  '抑郁 抑郁症 情绪不好 心情不好 不开心 不高兴 闷闷不乐 焦虑 心里难受 压力大 总是哭 老哭 一直哭 哭个不停 不说话 孤独 孤单 自卑 胆小 害怕',
  '倾诉 说说话 找人说话 聊聊 受委屈 委屈 心里话 烦恼',
  // —— 就业和生活
  '就业援助 找工作 没工作 没有工作 失业 下岗 找份工作 找个工作 上班 就业 工作机会 再就业',
  '公益性岗位 公益岗 就业岗位',
  '职业培训 技能培训 免费培训 学技术 学手艺 学个手艺 学门手艺 培训 职业技能',
  '创业 自主创业 创业扶持 开店 开个店 开小店 做生意 做买卖 小本生意 摆摊',
  '贷款 创业贷款 小额贷款 担保贷款 借钱 本钱 没本钱 启动资金',
  '税收优惠 免税 减税',
  // —— 户口和证件
  '户口 户籍 落户 上户口 入户 户口登记 没有户口 黑户 没户口 入籍 办户口 报户口',
  '身份证 证件 出生证明 出生医学证明',
  '打拐 打拐dna 打拐解救 被解救 解救 打拐宣传',
  // —— 司法
  '未成年人犯罪 犯罪 犯法 犯罪行为 违法犯罪 孩子犯错 犯了错 犯事',
  '被抓 被派出所抓 被警察抓 抓起来 进派出所 派出所 拘留 关起来了',
  '偷东西 盗窃 偷钱 抢劫 打架斗殴',
  '犯罪记录封存 案底 留案底 犯罪记录 档案会不会留',
  '附条件不起诉 不起诉 不公开审理 社会调查 合适成年人 少年司法 少年法庭',
  '社区矫正 矫正 缓刑 假释 管制 少管所 未管所 刑满释放 放出来 出狱',
  '帮教 安置帮教 回归社会 重新做人',
  '法律援助 法援 免费律师 请不起律师 请律师 律师 打官司 告状 起诉 维权 法律咨询 辩护',
  '司法救助 被害人救助 被害人 受害人 受害儿童 未成年被害人',
  '从业限制 从业禁止 入职查询 入职审查 背景审查 背景调查 无犯罪记录 查犯罪记录 犯罪记录查询',
  '抚养费 生活费不给 不给抚养费 赡养 探望 探视',
  // —— 发现、报告和求助
  '强制报告 报告义务 发现报告 有义务报告 要不要报告 必须报告 应当报告 第一报告人',
  '举报 报告 反映 告诉谁 上报 通报 报告孩子 检举 控告 匿名举报 匿名',
  '报警 打110 叫警察 找警察 警察 公安 派出所报警 民警',
  '热线 电话 求助电话 求助热线 打电话 联系电话 号码 保护热线 未成年人保护热线 儿童保护热线 热线电话',
  '政务热线 便民热线 市长热线 12345 投诉 咨询 政策咨询',
  '妇联 妇女维权 12338 妇女',
  '共青团 青少年服务台 12355 团委',
  '求助 帮助 帮忙 救救 求救 怎么帮 帮帮',
  '侵害 侵害未成年人 受到侵害 受侵害 疑似侵害 受伤害 受到伤害 伤害孩子 伤害 可能受到伤害',
  '线索 疑似 不对劲 不正常 奇怪 异常',
  '伤痕 身上有伤 说不清来历的伤 说不清的伤 来历不明的伤 不明原因的伤 反复受伤 身上的伤 淤青 青一块紫一块 伤疤 有伤',
  '童工 非法雇佣 被逼着干活 干活 打童工 雇佣童工 饭店打工',
  '救助站 救助管理站 救助保护机构 未成年人救助保护中心 救助机构 未成年人救助保护机构',
  '寻亲 找家人 找亲人 回家 送回家 接回来 接回家 返乡 护送返乡 团聚',
  '回访 随访 定期回访 跟踪 跟踪随访 持续跟踪',
  '入户走访 上门走访 上门看望 看望 走访 家访 走访慰问 上门 慰问',
  // —— 关爱和参与
  '代理妈妈 爱心妈妈 结对帮扶 一对一 结对 结对关爱 一对一结对 爱心人士',
  '志愿者 志愿服务 义工 做志愿 当志愿者 做义工 献爱心 做好事',
  '报名 报名参加 加入 参加 怎么参加',
  '儿童之家 留守儿童之家 阳光儿童之家 活动室 假日学校 寒暑假 暑假 寒假 放假 周末 放学后 课外活动 没地方去',
  '学业辅导 辅导功课 辅导作业 补课 功课 陪读',
  '亲情陪伴 陪伴 陪孩子 陪着 关心 关爱 孤零零',
  '社工 社会工作 社会工作者 社会工作服务',
  '社会组织 公益组织 公益 慈善 慈善捐助 捐款 捐钱 捐赠 捐物 企业捐赠 爱心企业 政府购买服务 购买服务 社会参与',
  // —— 办事
  '申请 怎么申请 如何申请 办理 怎么办理 去哪办 在哪申请 去哪申请 领取 办手续',
  '在线申请 网上申请 网上办 手机上办 线上申请 网上',
  '申请材料 材料 带什么 要带什么 准备什么 证明 要什么材料 手续',
  '办理进度 查进度 查询进度 进度 办到哪 到哪一步 查询码 申请编号 编号 审批结果 批下来',
  '认定审核 认定 审核 审批 评估 调查评估 帮扶对象',
  '条件 受理条件 符合条件 资格 够不够 能不能领 谁能申请 能申请吗',
  '我能申请 能申请什么 能申请哪些 可以申请哪些 可以申请什么 申请哪些 我能申请什么补助 能申请什么补助 能申请哪些补助 可以申请什么补助 可以申请哪些补助 能领什么补助 能领哪些补助',
  '儿童主任 村儿童主任 社区儿童主任 村里 村干部 村委会 居委会 社区 村里的人',
  '儿童督导员 未成年人保护工作站 保护站 工作站 乡镇 镇上 乡里 街道',
  '民政局 民政 民政部门 民政所',
  '教育局 教育部门',
  '公安局 公安机关',
  '法院 检察院 检察官 法官',
  '代办 帮办 帮忙办 代为申请',
  '找谁 找谁办 谁管 管这事 管这个事 归谁管 问谁 去哪里问 找哪个部门 不知道找谁 不知道找哪个部门 该找哪个部门',
  // —— 工作机制（政策页）
  '分级保护 风险等级 四色 红色 橙色 黄色 蓝色 分级分类',
  '走访频次 多久走访 多长时间走访 走访一次',
  '摸底排查 排查 摸排 摸底 入户排查 预警巡查 巡查',
  '学校监测哨点 监测哨点 哨点 健康监测管理员 监测管理员',
  '五道防线 防线 道防线',
  '领导小组 领导小组办公室 牵头 牵头部门 组织领导',
  '职责分工 部门职责 谁负责 责任 责任部门 负责部门',
  '转介 转介平台 帮扶转介 转给',
  '未成年人社会保护中心 社会保护中心',
  '专项档案 档案 建档 信息库 台账 数据库',
  '督导 考核 检查评估 追责 问责',
  '宣传 宣传动员 知晓率 宣讲',
  '保护网络 三级网络 三级 网格化 网格员',
  '工作目标 目标 任务 指标',
  '实施步骤 工作步骤 阶段 时间安排 什么时候开始',
  '基本原则 指导思想 儿童优先 最有利于未成年人',
  '保护对象 保护谁 哪些孩子 哪几类 六类 类型 哪些人',
  // —— 网站本身
  '隐私 个人信息 信息泄露 泄露 保密 会不会公开 被人知道 信息安全 加密 删除信息',
  '安全浏览 共用手机 浏览记录 历史记录 删除记录 清除记录 无痕模式 隐身模式 快速离开 被发现 偷偷 悄悄',
  '无障碍 大字 字太小 看不清 放大字体 字体大一点 读屏 盲人 视力不好 老年人 老人用',
  '关于本站 关于我们 联系我们 谁办的 网站',
];

export interface SynonymGroup {
  /** The group's words; the first is the programme's own word. */
  words: readonly string[];
  /** A child may be in danger now (self-harm, abuse, missing, runaway, trafficked, injured). */
  crisis: boolean;
  /** The words name a law or its articles. */
  law: boolean;
  /** The index-only word that stands for the group (index-terms.ts, query.ts). */
  token: string;
}

const TOKEN_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * 「qz」 and three letters: Latin, so neither Pagefind's segmenter at build time nor
 * Intl.Segmenter in the browser can cut it differently; fixed width, so no token is the start
 * of another (Pagefind matches prefixes). 「qzzzz」 is kept for the marker (INDEX_MARKER).
 */
function tokenOf(i: number): string {
  const l = TOKEN_LETTERS;
  return `qz${l[Math.floor(i / 676) % 26]}${l[Math.floor(i / 26) % 26]}${l[i % 26]}`;
}

/** Starts the index-only part of a page (keywords and tokens): the browser cuts excerpts there. */
export const INDEX_MARKER = 'qzzzz';

export const SYNONYM_GROUPS: readonly SynonymGroup[] = [
  ...CRISIS.map((s) => ({ s, crisis: true, law: false })),
  ...LAW.map((s) => ({ s, crisis: false, law: true })),
  ...GROUPS.map((s) => ({ s, crisis: false, law: false })),
].map(({ s, crisis, law }, i) => ({ words: s.split(/\s+/).filter(Boolean), crisis, law, token: tokenOf(i) }));

/** Every word of the dictionary, to its group. */
export const WORD_GROUP: ReadonlyMap<string, SynonymGroup> = new Map(SYNONYM_GROUPS.flatMap((g) => g.words.map((w) => [w, g] as const)));

/** For each two-character start of a word, the lengths of the words that start so, longest first. */
const LENGTHS_BY_START: ReadonlyMap<string, number[]> = (() => {
  const m = new Map<string, Set<number>>();
  for (const w of WORD_GROUP.keys()) {
    const k = w.slice(0, 2);
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(w.length);
  }
  return new Map([...m].map(([k, v]) => [k, [...v].sort((a, b) => b - a)]));
})();

export interface PhraseMatch {
  word: string;
  group: SynonymGroup;
  start: number;
  end: number;
}

/**
 * The dictionary words in `text`, left to right, longest first, without overlaps: 「事实孤儿」
 * is one match (事实无人抚养), not 「孤儿」 inside it. Build and browser use this one function,
 * so a page and a query that say the same thing get the same tokens.
 */
export function matchPhrases(text: string): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  let i = 0;
  while (i < text.length) {
    let found: PhraseMatch | undefined;
    for (const len of LENGTHS_BY_START.get(text.slice(i, i + 2)) ?? []) {
      const word = text.slice(i, i + len);
      const group = word.length === len ? WORD_GROUP.get(word) : undefined;
      if (group) {
        found = { word, group, start: i, end: i + len };
        break;
      }
    }
    if (found) {
      out.push(found);
      i = found.end;
    } else i += 1;
  }
  return out;
}
