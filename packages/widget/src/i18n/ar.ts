import type { Catalog } from './en.js';

const number = new Intl.NumberFormat('ar');
const plural = new Intl.PluralRules('ar');
type Forms = Record<Intl.LDMLPluralRule, string | ((n: string) => string)>;
/**
 * Arabic's six plural forms: 0, 1 and 2 have their own words; 3–10 take the plural noun; 11–99
 * the singular in the accusative (ـًا / ـً), 100 and above the singular in the genitive (ـٍ).
 */
const count = (n: number, forms: Forms) => {
  const form = forms[plural.select(n)];
  return typeof form === 'string' ? form : form(number.format(n));
};
/** Isolates left-to-right text (phone numbers, references) so it reads correctly in RTL. */
const ltr = (text: string) => `\u2066${text}\u2069`;
/** Isolates text of unknown direction (names, titles, queries) from the sentence around it. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/** Modern Standard Arabic, with «…» quotes. */
export const ar: Catalog = {
  openChat: 'فتح المحادثة',
  closeChat: 'إغلاق المحادثة',
  minimize: 'تصغير المحادثة',
  defaultTitle: 'المحادثة',
  defaultGreeting: 'مرحبًا! كيف يمكننا مساعدتك اليوم؟',
  replyTime: 'نرد عادةً خلال دقائق قليلة',
  connecting: 'جارٍ الاتصال…',
  reconnecting: 'جارٍ إعادة الاتصال…',
  unavailable: 'المحادثة غير متاحة حاليًا.',
  messages: 'الرسائل',
  message: 'الرسالة',
  placeholder: 'اكتب رسالة…',
  send: 'إرسال',
  sending: 'جارٍ الإرسال…',
  sent: 'تم الإرسال',
  failed: 'لم تُرسَل',
  retry: 'إعادة الإرسال',
  you: 'أنت',
  ended: 'انتهت هذه المحادثة.',
  startNew: 'بدء محادثة جديدة',
  joined: (name) => `${isolate(name)} في المحادثة الآن`,
  typing: (name) => `${isolate(name)} يكتب…`,
  charsLeft: (n) =>
    count(n, {
      zero: 'لم يتبقَّ أي حرف',
      one: 'تبقّى حرف واحد',
      two: 'تبقّى حرفان',
      few: (c) => `تبقّت ${c} أحرف`,
      many: (c) => `تبقّى ${c} حرفًا`,
      other: (c) => `تبقّى ${c} حرفٍ`,
    }),
  unread: (n) =>
    count(n, {
      zero: 'لا توجد رسائل غير مقروءة',
      one: 'رسالة واحدة غير مقروءة',
      two: 'رسالتان غير مقروءتين',
      few: (c) => `${c} رسائل غير مقروءة`,
      many: (c) => `${c} رسالةً غير مقروءة`,
      other: (c) => `${c} رسالةٍ غير مقروءة`,
    }),
  launcherNamed: (label) => `${isolate(label)} – فتح المحادثة`,
  bubbleLabel: 'رسالة جديدة',
  bubbleFrom: (name) => `رسالة من ${isolate(name)}`,
  dismiss: 'إغلاق',
  transferred: (to) => `تم تحويلك إلى ${isolate(to)}.`,
  requeued: 'انقطع اتصال ممثل الدعم، وعدتَ إلى قائمة الانتظار.',
  queueStatus: 'ترتيبك في قائمة الانتظار',
  queuePosition: (position) => `أنت رقم ${number.format(position)} في قائمة الانتظار`,
  waitMinutes: (n) =>
    count(n, {
      zero: 'وقت الانتظار المتوقع: أقل من دقيقة',
      one: 'وقت الانتظار المتوقع: دقيقة واحدة تقريبًا',
      two: 'وقت الانتظار المتوقع: دقيقتان تقريبًا',
      few: (c) => `وقت الانتظار المتوقع: ${c} دقائق تقريبًا`,
      many: (c) => `وقت الانتظار المتوقع: ${c} دقيقةً تقريبًا`,
      other: (c) => `وقت الانتظار المتوقع: ${c} دقيقةٍ تقريبًا`,
    }),
  waitUnderMinute: 'وقت الانتظار المتوقع: أقل من دقيقة',
  noAgents: 'لا يوجد أحد متاح حاليًا.',
  closedNow: 'نحن خارج ساعات العمل حاليًا.',
  closedUntil: (when) =>
    `نحن خارج ساعات العمل حاليًا. نستأنف العمل: ${isolate(when)} (بتوقيتك المحلي).`,
  busy: 'الضغط أعلى من المعتاد حاليًا.',
  leaveMessage: 'اترك رسالة',
  browseFaq: 'تصفّح مقالات المساعدة',
  requestCallback: 'طلب معاودة الاتصال',
  deferredThanks: 'شكرًا لك! سنرد عليك هنا في أقرب وقت ممكن، ويمكنك إغلاق هذه النافذة.',
  prechatName: 'اسمك',
  prechatEmail: 'البريد الإلكتروني',
  prechatTopic: 'بماذا يمكننا مساعدتك؟',
  nameRequired: 'يُرجى إدخال اسمك.',
  emailRequired: 'يُرجى إدخال عنوان بريدك الإلكتروني.',
  emailInvalid: `يُرجى إدخال بريد إلكتروني صحيح، مثل ${ltr('name@example.com')}.`,
  topicRequired: 'يُرجى اختيار موضوع.',
  phone: 'رقم الهاتف',
  phoneRequired: 'يُرجى إدخال رقم هاتفك.',
  phoneInvalid: (example) => `أدخل رقم هاتف صحيحًا للبلد المحدد، مثل ${ltr(example)}`,
  prechatPhoneInvalid: (example) =>
    `يُرجى إدخال رقم هاتف يمكننا الاتصال بك عليه، مثل ${ltr(example)}`,
  callMeBack: 'اتصلوا بي',
  callbackTitle: 'طلب معاودة الاتصال',
  aboutArticle: (title) => `بخصوص مقالة المساعدة «${isolate(title)}»: `,
  rescheduleTitle: 'اختر موعدًا جديدًا',
  back: 'رجوع',
  loading: 'جارٍ التحميل…',
  loadFailed: 'تعذّر التحميل. تحقّق من اتصالك.',
  tryAgain: 'حاول مرة أخرى',
  country: 'البلد',
  topic: 'الموضوع',
  topicNone: 'موضوع آخر',
  when: 'متى تفضّل أن نتصل بك؟',
  asap: 'في أقرب وقت ممكن',
  pickTime: 'اختيار موعد',
  availableTimes: 'الأوقات المتاحة (بتوقيتك المحلي)',
  noSlots: 'لا توجد أوقات متاحة خلال الأيام السبعة القادمة.',
  slotRequired: 'يُرجى اختيار موعد.',
  slotTaken: 'حُجز هذا الموعد للتو. يُرجى اختيار موعد آخر.',
  note: 'هل هناك ما تودّ إخبارنا به؟ (اختياري)',
  consentRequired: 'يُرجى الموافقة حتى نتمكن من الاتصال بك.',
  requestCall: 'طلب الاتصال',
  saveTime: 'حفظ الموعد الجديد',
  requesting: 'جارٍ الإرسال…',
  rateLimited: 'أرسلتَ عدة طلبات خلال وقت قصير. يُرجى المحاولة مرة أخرى بعد بضع دقائق.',
  callbackOffline: 'أنت غير متصل بالإنترنت. يُرجى المحاولة مرة أخرى عند عودة الاتصال.',
  callbackFailed: 'تعذّر الإرسال. يُرجى المحاولة مرة أخرى.',
  callbackConfirmed: 'سنتصل بك',
  callbackReference: (reference) => `الرقم المرجعي: ${ltr(reference)}`,
  callbackNumber: (masked) => `على الرقم ${ltr(masked)}`,
  done: 'تم',
  callbackCard: 'حالة طلب الاتصال',
  callbackStatus: {
    scheduled: 'مُجدوَل',
    calling: 'نتصل بك الآن',
    completed: 'مكتمل',
    missed: 'تعذّر الوصول إليك',
    cancelled: 'مُلغى',
  },
  cancelCallback: 'إلغاء طلب الاتصال',
  changeTime: 'تغيير الموعد',
  help: 'المساعدة',
  searchHelp: 'البحث في مقالات المساعدة',
  helpArticles: 'مقالات المساعدة',
  noArticles: (query) => `لم نعثر على مقالات تطابق «${isolate(query)}».`,
  backToChat: 'العودة إلى المحادثة',
  suggestedArticles: 'مقالات مقترحة',
  backToResults: 'العودة إلى النتائج',
  articleMissing: 'هذه المقالة غير متاحة.',
  wasHelpful: 'هل كانت هذه المقالة مفيدة؟',
  yes: 'نعم',
  no: 'لا',
  feedbackThanks: 'شكرًا على ملاحظاتك',
  stillNeedHelp: 'هل ما زلت بحاجة إلى مساعدة؟',
  chatWithUs: 'تحدّث معنا',
};
