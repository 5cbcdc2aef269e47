<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="42"/>
        <source>wardscope — ward map</source>
        <translation>wardscope — bản đồ phường, xã</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="63"/>
        <source>Map</source>
        <translation>Bản đồ</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="65"/>
        <source>Field: </source>
        <translation>Trường: </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="69"/>
        <source>  Classes: </source>
        <translation>  Phân lớp: </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="72"/>
        <source>Quantiles</source>
        <translation>Phân vị</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="73"/>
        <source>Equal intervals</source>
        <translation>Khoảng đều</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="74"/>
        <source>Natural breaks (Jenks)</source>
        <translation>Ngắt tự nhiên (Jenks)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="75"/>
        <source>Standard deviations</source>
        <translation>Độ lệch chuẩn</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="76"/>
        <source>Custom breaks</source>
        <translation>Ngưỡng tự chọn</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="80"/>
        <source>breaks: 5, 10, 20</source>
        <translation>ngưỡng: 5, 10, 20</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="81"/>
        <source>Upper bounds of the classes, comma-separated (custom breaks)</source>
        <translation>Cận trên của các lớp, cách nhau bằng dấu phẩy (ngưỡng tự chọn)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="94"/>
        <source>  Year: </source>
        <translation>  Năm: </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="97"/>
        <source>Map one year&apos;s cases (cases_YYYY); keep the breaks to compare years</source>
        <translation>Bản đồ số trường hợp một năm (cases_YYYY); giữ ngưỡng để so sánh các năm</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="102"/>
        <source>Keep breaks</source>
        <translation>Giữ ngưỡng</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="103"/>
        <source>Keep the class breaks when the field changes (compare years)</source>
        <translation>Giữ ngưỡng phân lớp khi đổi trường (so sánh các năm)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="107"/>
        <source>Search a ward (diacritics optional)</source>
        <translation>Tìm phường, xã (gõ có hoặc không dấu)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="118"/>
        <source>Layers</source>
        <translation>Lớp bản đồ</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="126"/>
        <source>Opacity</source>
        <translation>Độ mờ</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="148"/>
        <source>Attribute table</source>
        <translation>Bảng thuộc tính</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="164"/>
        <source>Ward</source>
        <translation>Phường, xã</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="167"/>
        <source>Field</source>
        <translation>Trường</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="167"/>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="174"/>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="175"/>
        <source>&amp;Open…</source>
        <translation>&amp;Mở…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="177"/>
        <source>Open a ward layer or an analysis output</source>
        <translation>Mở lớp phường, xã hoặc kết quả phân tích</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="179"/>
        <source>Ward layers (*.gpkg *.geojson *.json)</source>
        <translation>Lớp phường, xã (*.gpkg *.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="182"/>
        <location filename="../main_window.cpp" line="191"/>
        <location filename="../main_window.cpp" line="448"/>
        <source>Cannot open</source>
        <translation>Không mở được</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="185"/>
        <source>Open &amp;folder…</source>
        <translation>Mở &amp;thư mục…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="187"/>
        <source>Open an analysis output folder</source>
        <translation>Mở thư mục kết quả phân tích</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="195"/>
        <source>Export &amp;PNG…</source>
        <translation>Xuất &amp;PNG…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="196"/>
        <source>Export P&amp;DF…</source>
        <translation>Xuất P&amp;DF…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="197"/>
        <source>Export &amp;SVG…</source>
        <translation>Xuất &amp;SVG…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="199"/>
        <source>&amp;Quit</source>
        <translation>T&amp;hoát</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="200"/>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="201"/>
        <source>Zoom to &amp;layer</source>
        <translation>Thu phóng toàn &amp;lớp</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="202"/>
        <source>Zoom to &amp;selection</source>
        <translation>Thu phóng vùng &amp;chọn</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="204"/>
        <source>&amp;Presentation mode</source>
        <translation>Chế độ &amp;trình chiếu</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="207"/>
        <source>&amp;Next prepared view</source>
        <translation>Bản đồ &amp;kế tiếp</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="208"/>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="217"/>
        <source>Ready</source>
        <translation>Sẵn sàng</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="243"/>
        <source>all years</source>
        <translation>tất cả các năm</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="254"/>
        <source>wardscope — %1</source>
        <translation>wardscope — %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="255"/>
        <source>%1 wards, %2</source>
        <translation>%1 phường, xã, %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="313"/>
        <source>Custom breaks: type the upper bounds, e.g. 5, 10, 20</source>
        <translation>Ngưỡng tự chọn: nhập các cận trên, ví dụ 5, 10, 20</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="375"/>
        <source>suppressed</source>
        <translation>đã ẩn</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.cpp" line="388"/>
        <source>%n ward(s) found</source>
        <translation>
            <numerusform>Tìm thấy %n phường, xã</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="394"/>
        <source>Export the map</source>
        <translation>Xuất bản đồ</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="400"/>
        <source>Map written to %1</source>
        <translation>Đã ghi bản đồ vào %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="402"/>
        <source>Cannot export</source>
        <translation>Không xuất được</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="423"/>
        <source>Detected cases</source>
        <translation>Số trường hợp phát hiện</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="424"/>
        <source>Cases per 1,000 children</source>
        <translation>Số trường hợp trên 1.000 trẻ em</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="425"/>
        <source>Hot spots (Gi*)</source>
        <translation>Điểm nóng (Gi*)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="426"/>
        <source>Scan clusters</source>
        <translation>Cụm quét (Kulldorff)</translation>
    </message>
</context>
<context>
    <name>Map</name>
    <message>
        <location filename="../map_renderer.cpp" line="518"/>
        <source>N</source>
        <comment>north arrow: the initial of North (Vietnamese: B, Bắc)</comment>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="29"/>
        <source>Wards (choropleth)</source>
        <translation>Phường, xã (bản đồ phân tầng)</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="30"/>
        <location filename="../map_renderer.cpp" line="157"/>
        <source>Hot spots (Gi*)</source>
        <translation>Điểm nóng (Gi*)</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="31"/>
        <location filename="../map_renderer.cpp" line="158"/>
        <source>LISA clusters</source>
        <translation>Cụm LISA</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="32"/>
        <source>Case density</source>
        <translation>Mật độ trường hợp</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="33"/>
        <source>Hotspot contours</source>
        <translation>Đường bao điểm nóng</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="34"/>
        <source>Scan clusters</source>
        <translation>Cụm quét (Kulldorff)</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="35"/>
        <source>Campaign sites</source>
        <translation>Địa điểm truyền thông</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="36"/>
        <source>Inspection routes</source>
        <translation>Lộ trình kiểm tra</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="37"/>
        <source>Ward labels</source>
        <translation>Tên phường, xã</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="169"/>
        <source>Hot spot, 99 % confidence</source>
        <translation>Điểm nóng, độ tin cậy 99 %</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="169"/>
        <source>Hot spot, 95 %</source>
        <translation>Điểm nóng, 95 %</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="170"/>
        <source>Hot spot, 90 %</source>
        <translation>Điểm nóng, 90 %</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="170"/>
        <location filename="../map_renderer.cpp" line="182"/>
        <source>Not significant</source>
        <translation>Không có ý nghĩa thống kê</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="171"/>
        <source>Cold spot, 90 %</source>
        <translation>Điểm lạnh, 90 %</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="171"/>
        <source>Cold spot, 95 %</source>
        <translation>Điểm lạnh, 95 %</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="172"/>
        <source>Cold spot, 99 % confidence</source>
        <translation>Điểm lạnh, độ tin cậy 99 %</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="180"/>
        <source>High-High</source>
        <translation>Cao-Cao</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="180"/>
        <source>Low-Low</source>
        <translation>Thấp-Thấp</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="181"/>
        <source>Low-High</source>
        <translation>Thấp-Cao</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="181"/>
        <source>High-Low</source>
        <translation>Cao-Thấp</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="198"/>
        <source>No data</source>
        <translation>Không có dữ liệu</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="199"/>
        <source>Suppressed (fewer than k cases)</source>
        <translation>Đã ẩn (ít hơn k trường hợp)</translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="515"/>
        <source>Source: %1 · wardscope %2 · %3 · %4</source>
        <translation>Nguồn: %1 · wardscope %2 · %3 · %4</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../map_canvas.cpp" line="74"/>
        <source>Open an analysis folder, a GeoPackage or a GeoJSON file (File → Open, or drop it here).</source>
        <translation>Mở thư mục kết quả, tệp GeoPackage hoặc GeoJSON (Tệp → Mở, hoặc kéo thả vào đây).</translation>
    </message>
    <message>
        <location filename="../map_canvas.cpp" line="140"/>
        <source>no data</source>
        <translation>không có dữ liệu</translation>
    </message>
    <message>
        <location filename="../map_canvas.cpp" line="142"/>
        <source>suppressed</source>
        <translation>đã ẩn</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../main.cpp" line="79"/>
        <source>Running the analysis…</source>
        <translation>Đang phân tích…</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="79"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
</TS>
