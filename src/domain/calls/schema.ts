import { z } from 'zod';

/**
 * Simulated calls (模拟来电): a branching role-play written as data, one file per call in content/calls/<id>.json.
 * The customer speaks a line (rendered with eSpeak NG, or a recorded clip), the trainee answers by choosing a reply,
 * typing one or recording one, and the call moves on according to the reply and the call's state: the customer's
 * mood, flags such as 已道歉 / 已核实, and points per QA dimension. The graph is checked at build
 * (src/domain/calls/graph.ts); the server keeps everything beyond the current turn, like exam keys.
 */

/** The customer's mood, worst to best. A call starts in `initialMood`; effects move it up or down one step at a time. */
export const moods = ['angry', 'upset', 'easing', 'calm'] as const;
export type Mood = (typeof moods)[number];
export const moodLabels: Record<Mood, string> = { angry: '愤怒', upset: '不满', easing: '缓和', calm: '平静' };

/** QA dimensions a reply earns or loses points on (the call centre's 质检 categories). */
export const dimensions = ['courtesy', 'empathy', 'compliance', 'accuracy', 'efficiency'] as const;
export type Dimension = (typeof dimensions)[number];
export const dimensionLabels: Record<Dimension, string> = {
  courtesy: '礼貌',
  empathy: '共情',
  compliance: '合规',
  accuracy: '准确',
  efficiency: '效率',
};

/** How a call can end. `pass` on the ending decides whether the run counts as handled well. */
export const endingKinds = ['resolved', 'escalated', 'hung-up', 'upgraded'] as const;
export type EndingKind = (typeof endingKinds)[number];
export const endingKindLabels: Record<EndingKind, string> = {
  resolved: '问题解决',
  escalated: '规范转交',
  'hung-up': '客户挂机',
  upgraded: '投诉升级',
};

/**
 * The situations of seed 001 chapter 7 (普通投诉处理情景, 19 customer types and the cheaper-competitor caller) and
 * chapter 8 (紧急投诉处理情景) a call can practise. The seed gives only these headings.
 */
export const seedSituations = [
  'rational', // 理性客户
  'emotional', // 感性客户
  'doubting', // 质疑客户
  'detail-dispute', // 细节分歧客户
  'conclusion-dispute', // 结论分歧客户
  'unreasonable-demand', // 无理要求客户
  'hardline', // 态度强硬客户
  'agitated', // 情绪激动客户
  'pragmatic', // 现实型客户
  'venting', // 宣泄型客户
  'expedient', // 权宜型客户
  'qiuju', // 秋菊型客户
  'excessive-demand', // 过分要求客户
  'written-apology', // 书面道歉客户
  'wants-manager', // 要见经理客户
  'discuss-again', // 再来讨论客户
  'concept-researcher', // 研究概念客户
  'wronged-confused', // 委屈困惑客户
  'repeat-complainer', // 反复投诉客户
  'cheaper-competitor', // 投诉其他商家价格更低的顾客
  'group-complaint', // 第八章 集体投诉
  'recording-evidence', // 第八章 拍照、录音取证
  'journalist', // 第八章 携同记者
  'disrupting-others', // 第八章 阻止其他客户办理业务（电话版：占线、煽动）
] as const;
export type SeedSituation = (typeof seedSituations)[number];
export const seedSituationLabels: Record<SeedSituation, string> = {
  rational: '理性客户',
  emotional: '感性客户',
  doubting: '质疑客户',
  'detail-dispute': '细节分歧客户',
  'conclusion-dispute': '结论分歧客户',
  'unreasonable-demand': '无理要求客户',
  hardline: '态度强硬客户',
  agitated: '情绪激动客户',
  pragmatic: '现实型客户',
  venting: '宣泄型客户',
  expedient: '权宜型客户',
  qiuju: '秋菊型客户',
  'excessive-demand': '过分要求客户',
  'written-apology': '书面道歉客户',
  'wants-manager': '要见经理客户',
  'discuss-again': '再来讨论客户',
  'concept-researcher': '研究概念客户',
  'wronged-confused': '委屈困惑客户',
  'repeat-complainer': '反复投诉客户',
  'cheaper-competitor': '称其他商家价格更低的客户',
  'group-complaint': '集体投诉',
  'recording-evidence': '客户录音取证',
  journalist: '客户携同记者',
  'disrupting-others': '客户干扰他人办理业务',
};
/** Chapter 7 situations every complaint handler must master: each needs at least one call. */
export const requiredSeedSituations: readonly SeedSituation[] = seedSituations.slice(0, 20);

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and hyphens');
/** A lesson reference `<module>/<lesson file name without .mdx>`, e.g. `complaint-handling/02-feelings-first`. */
const lessonRef = z.string().regex(/^[a-z-]+\/[0-9]{2}-[a-z0-9-]+$/, 'lesson refs look like module/01-lesson-name');
const chinese = z.string().min(1);

/** What a reply does to the call's state. Points are small integers, −2 to +2 per dimension per turn. */
export const effectsSchema = z.strictObject({
  /** Move the mood this many steps (clamped to the scale). */
  mood: z.number().int().min(-2).max(2).optional(),
  /** Flags set by this reply (declared in the call's `flags`). */
  set: z.array(id).optional(),
  /** Flags cleared by this reply. */
  clear: z.array(id).optional(),
  points: z.partialRecord(z.enum(dimensions), z.number().int().min(-2).max(2)).optional(),
});
export type Effects = z.infer<typeof effectsSchema>;

/** A condition on the state after the reply's effects. Every listed part must hold. */
export const conditionSchema = z
  .strictObject({
    /** All these flags are set. */
    flags: z.array(id).min(1).optional(),
    /** None of these flags is set. */
    notFlags: z.array(id).min(1).optional(),
    moodAtLeast: z.enum(moods).optional(),
    moodAtMost: z.enum(moods).optional(),
    /** The points so far in a dimension are at least this. */
    pointsAtLeast: z.partialRecord(z.enum(dimensions), z.number().int()).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'a condition needs at least one part');
export type Condition = z.infer<typeof conditionSchema>;

/** Where the call goes next: a node or ending id, or the first branch whose condition holds, else `otherwise`. */
export const nextSchema = z.union([
  id,
  z.strictObject({
    branches: z.array(z.strictObject({ when: conditionSchema, to: id })).min(1),
    otherwise: id,
  }),
]);
export type Next = z.infer<typeof nextSchema>;

/** Feedback on a reply, shown in the debrief; `lesson` links the technique's home lesson. */
const feedbackFields = {
  feedback: chinese,
  lesson: lessonRef.optional(),
};

/** One reply the trainee can choose. `quality` marks the model path (exactly one `best` per choice turn). */
export const choiceOptionSchema = z.strictObject({
  id,
  text: chinese,
  quality: z.enum(['best', 'acceptable', 'poor']),
  effects: effectsSchema,
  next: nextSchema,
  ...feedbackFields,
});

export type ReplyQuality = z.infer<typeof choiceOptionSchema>['quality'];
/** A reply's quality as trainers read it (the trainee's debrief words it more gently). */
export const replyQualityLabels: Record<ReplyQuality, string> = { best: '最佳', acceptable: '可接受', poor: '不当' };

const phrasings = z.array(z.string().min(1)).min(1);

/** A typed reply: checked like the `typed-reply` question type (required elements, forbidden phrases). */
export const typedTurnSchema = z.strictObject({
  kind: z.literal('typed'),
  prompt: chinese,
  required: z
    .array(z.strictObject({ label: chinese, phrasings }))
    .min(1)
    .max(6),
  forbidden: z.array(z.strictObject({ label: chinese, phrasings })).min(1),
  modelAnswer: z.string().min(8).max(500),
  /**
   * Outcomes by the reply's check score (share of required elements present; 0 with any forbidden phrase), highest
   * `atLeast` first; the last outcome has `atLeast: 0` and catches everything else. The first is the model path.
   */
  outcomes: z
    .array(
      z.strictObject({
        atLeast: z.number().min(0).max(1),
        effects: effectsSchema,
        next: nextSchema,
        ...feedbackFields,
      }),
    )
    .min(2),
});

export const choiceTurnSchema = z.strictObject({
  kind: z.literal('choice'),
  prompt: chinese.optional(),
  options: z.array(choiceOptionSchema).min(3).max(4),
});

/**
 * A recorded reply: the trainee says it aloud; the device measures rate, pitch variation and loudness (the voice
 * lab's metrics) and the recording is saved for the trainer. Speech is not understood, so the call goes on the same
 * way whatever was said; the model answer is what the trainee should have said, shown before and after recording.
 */
export const recordedTurnSchema = z.strictObject({
  kind: z.literal('recorded'),
  prompt: chinese,
  modelAnswer: z.string().min(8).max(500),
  /** What the delivery should sound like (e.g. 「语速放慢，声音平稳」), shown with the measured metrics. */
  delivery: chinese,
  effects: effectsSchema,
  next: nextSchema,
  ...feedbackFields,
});

/** The customer's line at a node: text on screen (transcript), `say` for the speech engine when it differs. */
export const customerLineSchema = z.strictObject({
  text: chinese,
  say: chinese.optional(),
  /** A recorded clip under public/audio/calls/ that replaces the rendered line (e.g. `recorded/xyz.ogg`). */
  audio: z
    .string()
    .regex(/^[a-z0-9/_-]+\.(ogg|mp3|m4a|wav)$/)
    .optional(),
  /** The voice's volume for this line (eSpeak amplitude, 100 = normal); an angry line is louder. */
  volume: z.number().int().min(50).max(200).optional(),
  rate: z.number().int().min(80).max(400).optional(),
});

export const nodeSchema = z.strictObject({
  customer: customerLineSchema,
  /** A note on screen about what the agent sees or did (e.g. 「系统显示：上月有两次报修记录」). */
  context: chinese.optional(),
  turn: z.discriminatedUnion('kind', [choiceTurnSchema, typedTurnSchema, recordedTurnSchema]),
});
export type CallNode = z.infer<typeof nodeSchema>;

export const endingSchema = z.strictObject({
  kind: z.enum(endingKinds),
  /** Whether reaching this ending counts as handling the call well (a proper escalation can pass). */
  pass: z.boolean(),
  title: chinese,
  /** The customer's last line, if any. */
  customer: customerLineSchema.optional(),
  /** What happened and why, shown in the debrief. */
  debrief: chinese,
});
export type CallEnding = z.infer<typeof endingSchema>;

export const voiceSchema = z.strictObject({
  timbre: z.enum(['f2', 'f3', 'f4', 'm1', 'm2', 'm3', 'grandpa', 'grandma']),
  rate: z.number().int().min(80).max(400),
  pitch: z.number().int().min(40).max(400),
  range: z.number().int().min(0).max(100),
});

export const callScenarioSchema = z.strictObject({
  id,
  title: chinese,
  /** What the trainee knows before the call starts (the caller, the account, what the system shows). */
  brief: chinese,
  situation: z.enum(seedSituations),
  difficulty: z.enum(['basic', 'advanced', 'hard']),
  /** The module this call practises and the lessons whose techniques it uses (linked from the call and back). */
  module: z.string().regex(/^[a-z-]+$/),
  lessons: z.array(lessonRef).min(1),
  /** Seed files this call draws on, and what the seeds do not say (shown to the learner). */
  sources: z.array(z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/)).min(1),
  sourceNote: chinese,
  voice: voiceSchema,
  initialMood: z.enum(moods),
  /** Flags this call uses, with the Chinese label the debrief shows (e.g. apologized: 已道歉). */
  flags: z.record(id, chinese),
  start: id,
  nodes: z.record(id, nodeSchema),
  endings: z.record(id, endingSchema),
});
export type CallScenario = z.infer<typeof callScenarioSchema>;
