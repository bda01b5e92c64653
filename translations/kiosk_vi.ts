<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  UNREVIEWED DRAFT (vi). These translations were written by the kiosk's development team.
  They have NOT been reviewed by a clinician or by a professional medical translator.
  Review status, and how to review: translations/README.md. Change this notice only
  when a review has really happened (who, what qualification, when).
-->
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Touch the screen to start</source>
        <translation>Chạm vào màn hình để bắt đầu</translation>
    </message>
</context>
<context>
    <name>BottomBar</name>
    <message>
        <source>Next</source>
        <translation>Tiếp theo</translation>
    </message>
    <message>
        <source>Language and text size</source>
        <translation>Ngôn ngữ và cỡ chữ</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Trang chủ</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
</context>
<context>
    <name>FinishScreen</name>
    <message>
        <source>You finished: %1</source>
        <translation>Đã xem xong: %1</translation>
    </message>
    <message>
        <source>Questions to ask your care team</source>
        <translation>Câu hỏi nên hỏi đội ngũ y tế</translation>
    </message>
    <message>
        <source>Questions? Ask your care team.</source>
        <translation>Có câu hỏi? Hãy hỏi đội ngũ y tế của bạn.</translation>
    </message>
    <message>
        <source>Learn more</source>
        <translation>Tìm hiểu thêm</translation>
    </message>
    <message>
        <source>QR code with these questions, to keep on your phone</source>
        <translation>Mã QR có các câu hỏi này, để lưu trên điện thoại của bạn</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s camera to keep these questions.</source>
        <translation>Quét bằng máy ảnh điện thoại để lưu các câu hỏi này.</translation>
    </message>
    <message>
        <source>QR code to read about this at home</source>
        <translation>Mã QR để đọc về chủ đề này ở nhà</translation>
    </message>
    <message>
        <source>Scan this code with your phone to read about this at home.</source>
        <translation>Dùng điện thoại quét mã này để đọc lại ở nhà.</translation>
    </message>
    <message>
        <source>See this topic again</source>
        <translation>Xem lại chủ đề này</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
</context>
<context>
    <name>GlossaryCard</name>
    <message>
        <source>Stop reading</source>
        <translation>Ngừng đọc</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Đọc to</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>What would you like to learn about?</source>
        <translation>Bạn muốn tìm hiểu về điều gì?</translation>
    </message>
    <message>
        <source>Tap a picture to begin.</source>
        <translation>Chạm vào một hình để bắt đầu.</translation>
    </message>
    <message>
        <source>Topics: %1</source>
        <extracomment>On a group&apos;s tile: how many topics the group holds (%1 is the number).</extracomment>
        <translation>Số chủ đề: %1</translation>
    </message>
    <message>
        <source>Choose a subject</source>
        <extracomment>The heading above the groups of topics (shelves) when a library has more topics than fit on one screen.</extracomment>
        <translation>Chọn một nhóm chủ đề</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Trang trước</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <extracomment>Under the tiles of the home screen: %1 is this page&apos;s number, %2 how many pages there are.</extracomment>
        <translation>Trang %1 / %2</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Trang sau</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>Bạn vẫn còn ở đây chứ?</translation>
    </message>
    <message>
        <source>The screen will start over soon. Seconds left: %1</source>
        <translation>Màn hình sắp trở lại từ đầu. Số giây còn lại: %1</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Tôi vẫn ở đây</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Clinic kiosk</source>
        <translation>Màn hình thông tin của phòng khám</translation>
    </message>
    <message>
        <source>button</source>
        <translation>nút</translation>
    </message>
    <message>
        <source>text</source>
        <translation>chữ</translation>
    </message>
    <message>
        <source>Keypad help. Up and down move between the controls. Enter chooses. Left and right turn the pages. Escape goes back. Home starts again. Plus and minus make the voice louder or softer; the square brackets make it faster or slower.</source>
        <translation>Hướng dẫn bàn phím. Phím lên và xuống chuyển giữa các nút. Enter để chọn. Trái và phải để lật trang. Escape để quay lại. Home để bắt đầu lại. Dấu cộng và dấu trừ để nói to hơn hoặc nhỏ hơn; dấu ngoặc vuông để nói nhanh hơn hoặc chậm hơn.</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>a control read aloud: %1 its name, %2 what it is (&quot;Next, button&quot;)</extracomment>
        <translation>%1, %2</translation>
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
        <translation>Ngôn ngữ và cỡ chữ</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Also show the text in</source>
        <translation>Hiện thêm nội dung bằng</translation>
    </message>
    <message>
        <source>No other language</source>
        <translation>Không thêm ngôn ngữ khác</translation>
    </message>
    <message>
        <source>Also show the text in %1</source>
        <translation>Hiện thêm nội dung bằng %1</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Cỡ chữ</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>Chữ cỡ thường</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Chữ lớn</translation>
    </message>
    <message>
        <source>Largest text</source>
        <translation>Chữ lớn nhất</translation>
    </message>
    <message>
        <source>Stronger colors: on</source>
        <translation>Màu đậm hơn: bật</translation>
    </message>
    <message>
        <source>Stronger colors: off</source>
        <translation>Màu đậm hơn: tắt</translation>
    </message>
    <message>
        <source>Less movement: on</source>
        <translation>Ít chuyển động hơn: bật</translation>
    </message>
    <message>
        <source>Less movement: off</source>
        <translation>Ít chuyển động hơn: tắt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>WalkScreen</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Bước %1 / %2</translation>
    </message>
    <message>
        <source>Stage %1: %2</source>
        <translation>Giai đoạn %1: %2</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>Việc cần làm:</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>Ngừng đọc</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Đọc to</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Play all steps</source>
        <translation>Nghe tất cả các bước</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>Điểm chính</translation>
    </message>
    <message>
        <source>Tap a word to see what it means:</source>
        <translation>Chạm vào một từ để xem nghĩa:</translation>
    </message>
</context>
</TS>
