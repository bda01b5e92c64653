<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  UNREVIEWED DRAFT (zh). These translations were written by the kiosk's development team.
  They have NOT been reviewed by a clinician or by a professional medical translator.
  Review status, and how to review: translations/README.md. Change this notice only
  when a review has really happened (who, what qualification, when).
-->
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Touch the screen to start</source>
        <translation>请触摸屏幕开始</translation>
    </message>
</context>
<context>
    <name>BottomBar</name>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Language and text size</source>
        <translation>语言和文字大小</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>FinishScreen</name>
    <message>
        <source>You finished: %1</source>
        <translation>您已看完：%1</translation>
    </message>
    <message>
        <source>Questions to ask your care team</source>
        <translation>可以问医护团队的问题</translation>
    </message>
    <message>
        <source>Questions? Ask your care team.</source>
        <translation>有问题吗？请问您的医护团队。</translation>
    </message>
    <message>
        <source>Learn more</source>
        <translation>了解更多</translation>
    </message>
    <message>
        <source>QR code with these questions, to keep on your phone</source>
        <translation>这些问题的二维码，可以带回家</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s camera to keep these questions.</source>
        <translation>用手机扫描这个二维码，把这些问题带回家。</translation>
    </message>
    <message>
        <source>QR code to read about this at home</source>
        <translation>二维码：回家后也能看这些内容</translation>
    </message>
    <message>
        <source>Scan this code with your phone to read about this at home.</source>
        <translation>用手机扫一扫这个二维码，回家后也能看这些内容。</translation>
    </message>
    <message>
        <source>See this topic again</source>
        <translation>再看一遍</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>GlossaryCard</name>
    <message>
        <source>Stop reading</source>
        <translation>停止朗读</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>朗读</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>What would you like to learn about?</source>
        <translation>您想了解什么？</translation>
    </message>
    <message>
        <source>Tap a picture to begin.</source>
        <translation>请点一张图片开始。</translation>
    </message>
    <message>
        <source>Topics: %1</source>
        <extracomment>On a group&apos;s tile: how many topics the group holds (%1 is the number).</extracomment>
        <translation>主题：%1</translation>
    </message>
    <message>
        <source>Choose a subject</source>
        <extracomment>The heading above the groups of topics (shelves) when a library has more topics than fit on one screen.</extracomment>
        <translation>主题分组</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <extracomment>Under the tiles of the home screen: %1 is this page&apos;s number, %2 how many pages there are.</extracomment>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>The screen will start over soon. Seconds left: %1</source>
        <translation>屏幕即将回到开始。剩余秒数：%1</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>我还在</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Clinic kiosk</source>
        <translation>诊所信息屏</translation>
    </message>
    <message>
        <source>button</source>
        <translation>控件</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Keypad help. Up and down move between the controls. Enter chooses. Left and right turn the pages. Escape goes back. Home starts again. Plus and minus make the voice louder or softer; the square brackets make it faster or slower.</source>
        <translation>帮助：按上、下在控件之间移动。按 Enter 确定。按其他两个方向到上一页或下一页。按 Esc 返回。按 Home 回到开始。按 + 或 - 让朗读更大或更小，按 [ 和 ] 也可以控制朗读。</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>a control read aloud: %1 its name, %2 what it is (&quot;Next, button&quot;)</extracomment>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <extracomment>a screen read aloud: %1 its title, %2 where the patient is (&quot;Laminectomy, Step 3 of 8&quot;)</extracomment>
        <translation>%1。%2</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Language and text size</source>
        <translation>语言和文字大小</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Also show the text in</source>
        <translation>同时显示以下语言的文字</translation>
    </message>
    <message>
        <source>No other language</source>
        <translation>不显示其他语言</translation>
    </message>
    <message>
        <source>Also show the text in %1</source>
        <translation>同时显示%1的文字</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>普通文字</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>大字</translation>
    </message>
    <message>
        <source>Largest text</source>
        <translation>特大字</translation>
    </message>
    <message>
        <source>Stronger colors: on</source>
        <translation>更强的颜色：开</translation>
    </message>
    <message>
        <source>Stronger colors: off</source>
        <translation>更强的颜色：关</translation>
    </message>
    <message>
        <source>Less movement: on</source>
        <translation>减少动画：开</translation>
    </message>
    <message>
        <source>Less movement: off</source>
        <translation>减少动画：关</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>WalkScreen</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>Stage %1: %2</source>
        <translation>第 %1 阶段：%2</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>您要做的事：</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>停止朗读</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>朗读</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>停一下</translation>
    </message>
    <message>
        <source>Play all steps</source>
        <translation>朗读每一步</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>重点</translation>
    </message>
    <message>
        <source>Tap a word to see what it means:</source>
        <translation>点一下词语，看看它是什么意思：</translation>
    </message>
</context>
</TS>
