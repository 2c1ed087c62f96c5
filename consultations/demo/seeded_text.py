"""Free-text answers for seeded demo responses, in the languages people answered in.

Written for the demo; they are illustrations, not quotes from real people.
"""

IMPROVE = {
    "en": [
        "Let me book online in the morning instead of phoning at 8am.",
        "More evening and weekend appointments for people who work.",
        "The phone line is always engaged. A call-back would help.",
        "I need an interpreter and it takes weeks to arrange one.",
        "Being able to see the same doctor each time matters to me.",
        "Clearer information about who else at the practice can help, like the pharmacist.",
    ],
    "pl": [
        "Chciałabym rezerwować wizyty przez internet, a nie dzwonić o ósmej rano.",
        "Więcej wizyt wieczorem i w weekendy dla osób pracujących.",
        "Linia telefoniczna jest zawsze zajęta. Oddzwonienie bardzo by pomogło.",
        "Potrzebuję tłumacza, a jego zorganizowanie trwa tygodniami.",
    ],
    "ar": [
        "أتمنى أن أتمكن من حجز موعد عبر الإنترنت بدلاً من الاتصال في الثامنة صباحاً.",
        "نحتاج إلى مواعيد في المساء وفي عطلة نهاية الأسبوع للعاملين.",
        "أحتاج إلى مترجم ويستغرق ترتيب ذلك أسابيع.",
    ],
    "bn": [
        "সকাল আটটায় ফোন না করে অনলাইনে অ্যাপয়েন্টমেন্ট নিতে পারলে ভালো হয়।",
        "আমার দোভাষী দরকার, কিন্তু তা পেতে কয়েক সপ্তাহ লেগে যায়।",
        "প্রতিবার একই ডাক্তারের সাথে দেখা করতে পারা আমার কাছে গুরুত্বপূর্ণ।",
    ],
    "pt": [
        "Gostaria de marcar consultas pela internet em vez de telefonar às oito da manhã.",
        "Mais consultas à noite e ao fim de semana para quem trabalha.",
        "A linha telefónica está sempre ocupada. Uma chamada de volta ajudaria.",
    ],
}
