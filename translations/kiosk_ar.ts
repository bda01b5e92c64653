<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  UNREVIEWED DRAFT (ar). These translations were written by the kiosk's development team.
  They have NOT been reviewed by a clinician or by a professional medical translator.
  Review status, and how to review: translations/README.md. Change this notice only
  when a review has really happened (who, what qualification, when).
-->
<TS version="2.1" language="ar" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Touch the screen to start</source>
        <translation>المس الشاشة للبدء</translation>
    </message>
</context>
<context>
    <name>BottomBar</name>
    <message>
        <source>Next</source>
        <translation>التالي</translation>
    </message>
    <message>
        <source>Language and text size</source>
        <translation>اللغة وحجم الخط</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>الرئيسية</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>FinishScreen</name>
    <message>
        <source>You finished: %1</source>
        <translation>انتهيت من: %1</translation>
    </message>
    <message>
        <source>Questions to ask your care team</source>
        <translation>أسئلة لفريق الرعاية</translation>
    </message>
    <message>
        <source>Questions? Ask your care team.</source>
        <translation>هل لديك أسئلة؟ اسأل فريق الرعاية.</translation>
    </message>
    <message>
        <source>Learn more</source>
        <translation>لمعرفة المزيد</translation>
    </message>
    <message>
        <source>QR code with these questions, to keep on your phone</source>
        <translation>رمز QR فيه هذه الأسئلة، لتحفظها في هاتفك</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s camera to keep these questions.</source>
        <translation>امسح الرمز بكاميرا هاتفك لتحفظ هذه الأسئلة.</translation>
    </message>
    <message>
        <source>QR code to read about this at home</source>
        <translation>رمز QR للقراءة عن هذا الموضوع في البيت</translation>
    </message>
    <message>
        <source>Scan this code with your phone to read about this at home.</source>
        <translation>امسح هذا الرمز بهاتفك للقراءة عن هذا الموضوع في البيت.</translation>
    </message>
    <message>
        <source>See this topic again</source>
        <translation>عرض هذا الموضوع مرة أخرى</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
</context>
<context>
    <name>GlossaryCard</name>
    <message>
        <source>Stop reading</source>
        <translation>إيقاف القراءة</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>اقرأ بصوت عالٍ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>What would you like to learn about?</source>
        <translation>ماذا تريد أن تعرف؟</translation>
    </message>
    <message>
        <source>Tap a picture to begin.</source>
        <translation>المس صورة للبدء.</translation>
    </message>
    <message>
        <source>Topics: %1</source>
        <extracomment>On a group&apos;s tile: how many topics the group holds (%1 is the number).</extracomment>
        <translation>عدد المواضيع: %1</translation>
    </message>
    <message>
        <source>Choose a subject</source>
        <extracomment>The heading above the groups of topics (shelves) when a library has more topics than fit on one screen.</extracomment>
        <translation>اختر مجموعة</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>الصفحة السابقة</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <extracomment>Under the tiles of the home screen: %1 is this page&apos;s number, %2 how many pages there are.</extracomment>
        <translation>الصفحة %1 من %2</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>الصفحة التالية</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>هل ما زلت هنا؟</translation>
    </message>
    <message>
        <source>The screen will start over soon. Seconds left: %1</source>
        <translation>ستعود الشاشة إلى البداية قريبًا. الثواني الباقية: %1</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>ما زلت هنا</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Clinic kiosk</source>
        <translation>شاشة معلومات العيادة</translation>
    </message>
    <message>
        <source>button</source>
        <translation>زر</translation>
    </message>
    <message>
        <source>text</source>
        <translation>نص</translation>
    </message>
    <message>
        <source>Keypad help. Up and down move between the controls. Enter chooses. Left and right turn the pages. Escape goes back. Home starts again. Plus and minus make the voice louder or softer; the square brackets make it faster or slower.</source>
        <translation>مساعدة لوحة المفاتيح. السهمان أعلى وأسفل للتنقل بين الأزرار. مفتاح الإدخال للاختيار. السهمان يمين ويسار لتقليب الصفحات. مفتاح الخروج للرجوع. مفتاح البداية للبدء من جديد. علامتا الزائد والناقص لرفع الصوت أو خفضه، والقوسان المربعان لتسريع الكلام أو إبطائه.</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>a control read aloud: %1 its name, %2 what it is (&quot;Next, button&quot;)</extracomment>
        <translation>%1، %2</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <extracomment>a screen read aloud: %1 its title, %2 where the patient is (&quot;Laminectomy, Step 3 of 8&quot;)</extracomment>
        <translation>%1. %2</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Language and text size</source>
        <translation>اللغة وحجم الخط</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>Also show the text in</source>
        <translation>اعرض النص أيضًا باللغة</translation>
    </message>
    <message>
        <source>No other language</source>
        <translation>بدون لغة أخرى</translation>
    </message>
    <message>
        <source>Also show the text in %1</source>
        <translation>اعرض النص أيضًا باللغة %1</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>حجم الخط</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>خط عادي</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>خط كبير</translation>
    </message>
    <message>
        <source>Largest text</source>
        <translation>أكبر خط</translation>
    </message>
    <message>
        <source>Stronger colors: on</source>
        <translation>ألوان أقوى: تشغيل</translation>
    </message>
    <message>
        <source>Stronger colors: off</source>
        <translation>ألوان أقوى: إيقاف</translation>
    </message>
    <message>
        <source>Less movement: on</source>
        <translation>حركة أقل: تشغيل</translation>
    </message>
    <message>
        <source>Less movement: off</source>
        <translation>حركة أقل: إيقاف</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
</context>
<context>
    <name>WalkScreen</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>الخطوة %1 من %2</translation>
    </message>
    <message>
        <source>Stage %1: %2</source>
        <translation>المرحلة %1: %2</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>ما عليك فعله:</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>إيقاف القراءة</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>اقرأ بصوت عالٍ</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>إيقاف مؤقت</translation>
    </message>
    <message>
        <source>Play all steps</source>
        <translation>استمع لكل الخطوات</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>أهم النقاط</translation>
    </message>
    <message>
        <source>Tap a word to see what it means:</source>
        <translation>المس كلمة لمعرفة معناها:</translation>
    </message>
</context>
</TS>
