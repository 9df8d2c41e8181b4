/**
 * Labels and error messages shared by server and web (SPEC R-81): zh-CN first, en-US second.
 * Keys are namespaced: `err.*` for errors, `enum.<name>.<value>` for enum labels.
 */
export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];

type Dict = { [k: string]: string | Dict };

const zh = {
  err: {
    validation: '输入有误',
    validationDetail: '请修正标出的字段后再提交',
    unauthorized: '请先登录',
    badCredentials: '用户名或密码错误',
    tooManyAttempts: '登录失败次数过多，请 15 分钟后再试',
    forbidden: '当前角色无权执行此操作',
    notFound: '记录不存在或不在您的管辖范围内',
    conflict: '操作与当前状态冲突',
    duplicate: '记录已存在',
    csrf: '页面已过期，请刷新后重试（CSRF 校验失败）',
    tooLarge: '上传文件过大',
    internal: '服务器内部错误',
    uscc: '统一社会信用代码无效（须为 18 位且校验位正确）',
    area: '面积须为数字，最多两位小数',
    phone: '电话号码格式不正确',
    username: '用户名只能包含字母、数字、下划线、点和连字符',
    companyRequired: '该管理模式需要指定物业服务企业',
    companyNotAllowed: '该管理模式不应指定物业服务企业',
    parentKind: '上级单位类型不正确：{{kind}} 必须位于 {{parent}} 之下',
    parentMissing: '上级单位不存在',
    notCommunity: '所属社区不存在或不是社区',
    ownerMissing: '业主不存在',
    dwellingDuplicate: '该房屋（楼栋/单元/房号）已存在',
    scopeRequired: '该角色必须绑定管辖范围：{{field}}',
    scopeOutside: '不能在您的管辖范围之外创建账号',
    roleNotAllowed: '您不能创建该角色的账号',
    usernameTaken: '用户名已被占用',
    fileType: '只支持 .xlsx 或 .csv 文件',
    fileMissing: '请上传文件',
    importColumns: '缺少列：{{columns}}',
    importEmpty: '文件中没有数据行',
    importTooMany: '单个文件最多 {{max}} 行',
    required: '必填',
    delivered: '是否交付须为 是/否',
    duplicateInFile: '与第 {{row}} 行重复',
    existsInEstate: '该房屋已存在于小区中',
    zod: '{{message}}',
  },
  enum: {
    role: {
      admin: '系统管理员',
      bureau: '住建局',
      department: '职能部门',
      street: '街道',
      community: '社区',
      company: '物业服务企业',
      committee: '业主委员会',
      volunteer: '党员志愿者',
      resident: '居民',
    },
    orgKind: { city: '市', district: '区/县', street: '街道/乡镇', community: '社区' },
    managementMode: { company: '物业企业', self: '自管', none: '无物业', state_takeover: '国有物业托管' },
    partyOrganization: { none: '无', branch: '独立党支部', joint_branch: '联合党支部', instructor: '党建指导员' },
    ownerKind: { person: '个人', organization: '单位', developer: '建设单位' },
    partyOrgKind: {
      estate_branch: '小区党支部',
      company_branch: '企业党支部',
      community_committee: '社区党委',
      industry_committee: '行业党委',
    },
    fiveToOne: {
      districtLeader: '包联区领导',
      liaisonUnit: '包联单位',
      unitPrincipal: '单位负责人',
      streetContact: '街道负责人',
      liaisonCadre: '包联干部',
    },
  },
} satisfies Dict;

const en: typeof zh = {
  err: {
    validation: 'Invalid input',
    validationDetail: 'Correct the marked fields and submit again',
    unauthorized: 'Please sign in',
    badCredentials: 'Wrong username or password',
    tooManyAttempts: 'Too many failed sign-ins; try again in 15 minutes',
    forbidden: 'Your role may not do this',
    notFound: 'Not found, or outside your scope',
    conflict: 'Not allowed in the current state',
    duplicate: 'Already exists',
    csrf: 'The page has expired; reload and try again (CSRF check failed)',
    tooLarge: 'The upload is too large',
    internal: 'Internal server error',
    uscc: 'Invalid unified social credit code (18 characters with a correct check character)',
    area: 'Area must be a number with at most two decimals',
    phone: 'Invalid phone number',
    username: 'Usernames may contain letters, digits, underscore, dot and hyphen only',
    companyRequired: 'This management mode needs a property company',
    companyNotAllowed: 'This management mode takes no property company',
    parentKind: 'Wrong parent: a {{kind}} must sit under a {{parent}}',
    parentMissing: 'The parent unit does not exist',
    notCommunity: 'The community does not exist or is not a community',
    ownerMissing: 'Owner not found',
    dwellingDuplicate: 'This dwelling (building/unit/number) already exists',
    scopeRequired: 'This role must be bound to a scope: {{field}}',
    scopeOutside: 'You cannot create accounts outside your scope',
    roleNotAllowed: 'You may not create accounts of this role',
    usernameTaken: 'Username already taken',
    fileType: 'Only .xlsx or .csv files are accepted',
    fileMissing: 'Please upload a file',
    importColumns: 'Missing columns: {{columns}}',
    importEmpty: 'The file has no data rows',
    importTooMany: 'At most {{max}} rows per file',
    required: 'Required',
    delivered: 'Delivered must be 是/否 (yes/no)',
    duplicateInFile: 'Duplicate of row {{row}}',
    existsInEstate: 'This dwelling already exists in the estate',
    zod: '{{message}}',
  },
  enum: {
    role: {
      admin: 'Administrator',
      bureau: 'Housing bureau',
      department: 'Department',
      street: 'Street office',
      community: 'Community',
      company: 'Property company',
      committee: "Owners' committee",
      volunteer: 'Party-member volunteer',
      resident: 'Resident',
    },
    orgKind: { city: 'City', district: 'District', street: 'Street', community: 'Community' },
    managementMode: {
      company: 'Property company',
      self: 'Self-managed',
      none: 'Unmanaged',
      state_takeover: 'State takeover',
    },
    partyOrganization: {
      none: 'None',
      branch: 'Own branch',
      joint_branch: 'Joint branch',
      instructor: 'Party instructor',
    },
    ownerKind: { person: 'Person', organization: 'Organisation', developer: 'Developer' },
    partyOrgKind: {
      estate_branch: 'Estate party branch',
      company_branch: 'Company party branch',
      community_committee: 'Community party committee',
      industry_committee: 'Industry party committee',
    },
    fiveToOne: {
      districtLeader: 'District leader',
      liaisonUnit: 'Liaison unit',
      unitPrincipal: 'Unit principal',
      streetContact: 'Street contact',
      liaisonCadre: 'Liaison cadre',
    },
  },
};

export const messages: Record<Lang, typeof zh> = { 'zh-CN': zh, 'en-US': en };

/** Looks up a dotted key (`err.uscc`) in a language, interpolating `{{name}}` parameters; falls back to the key. */
export function translate(lang: Lang, key: string, params?: Record<string, unknown>): string {
  let node: unknown = messages[lang];
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_, k) => String(params?.[k] ?? ''));
}

/** Picks zh-CN unless the Accept-Language header (or an explicit choice) prefers English. */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}
