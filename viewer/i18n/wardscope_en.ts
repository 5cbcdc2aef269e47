<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="42"/>
        <source>wardscope — ward map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="63"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="65"/>
        <source>Field: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="69"/>
        <source>  Classes: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="72"/>
        <source>Quantiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="73"/>
        <source>Equal intervals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="74"/>
        <source>Natural breaks (Jenks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="75"/>
        <source>Standard deviations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="76"/>
        <source>Custom breaks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="80"/>
        <source>breaks: 5, 10, 20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="81"/>
        <source>Upper bounds of the classes, comma-separated (custom breaks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="94"/>
        <source>  Year: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="97"/>
        <source>Map one year&apos;s cases (cases_YYYY); keep the breaks to compare years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="102"/>
        <source>Keep breaks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="103"/>
        <source>Keep the class breaks when the field changes (compare years)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="107"/>
        <source>Search a ward (diacritics optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="118"/>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="126"/>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="148"/>
        <source>Attribute table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="164"/>
        <source>Ward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="167"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="167"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="174"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="175"/>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="177"/>
        <source>Open a ward layer or an analysis output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="179"/>
        <source>Ward layers (*.gpkg *.geojson *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="182"/>
        <location filename="../main_window.cpp" line="191"/>
        <location filename="../main_window.cpp" line="448"/>
        <source>Cannot open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="185"/>
        <source>Open &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="187"/>
        <source>Open an analysis output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="195"/>
        <source>Export &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="196"/>
        <source>Export P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="197"/>
        <source>Export &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="199"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="200"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="201"/>
        <source>Zoom to &amp;layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="202"/>
        <source>Zoom to &amp;selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="204"/>
        <source>&amp;Presentation mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="207"/>
        <source>&amp;Next prepared view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="208"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="217"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="243"/>
        <source>all years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="254"/>
        <source>wardscope — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="255"/>
        <source>%1 wards, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="313"/>
        <source>Custom breaks: type the upper bounds, e.g. 5, 10, 20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="375"/>
        <source>suppressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.cpp" line="388"/>
        <source>%n ward(s) found</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="394"/>
        <source>Export the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="400"/>
        <source>Map written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="402"/>
        <source>Cannot export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="423"/>
        <source>Detected cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="424"/>
        <source>Cases per 1,000 children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="425"/>
        <source>Hot spots (Gi*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="426"/>
        <source>Scan clusters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Map</name>
    <message>
        <location filename="../map_renderer.cpp" line="518"/>
        <source>N</source>
        <comment>north arrow: the initial of North (Vietnamese: B, Bắc)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="29"/>
        <source>Wards (choropleth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="30"/>
        <location filename="../map_renderer.cpp" line="157"/>
        <source>Hot spots (Gi*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="31"/>
        <location filename="../map_renderer.cpp" line="158"/>
        <source>LISA clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="32"/>
        <source>Case density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="33"/>
        <source>Hotspot contours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="34"/>
        <source>Scan clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="35"/>
        <source>Campaign sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="36"/>
        <source>Inspection routes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="37"/>
        <source>Ward labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="169"/>
        <source>Hot spot, 99 % confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="169"/>
        <source>Hot spot, 95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="170"/>
        <source>Hot spot, 90 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="170"/>
        <location filename="../map_renderer.cpp" line="182"/>
        <source>Not significant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="171"/>
        <source>Cold spot, 90 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="171"/>
        <source>Cold spot, 95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="172"/>
        <source>Cold spot, 99 % confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="180"/>
        <source>High-High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="180"/>
        <source>Low-Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="181"/>
        <source>Low-High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="181"/>
        <source>High-Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="198"/>
        <source>No data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="199"/>
        <source>Suppressed (fewer than k cases)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_renderer.cpp" line="515"/>
        <source>Source: %1 · wardscope %2 · %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../map_canvas.cpp" line="74"/>
        <source>Open an analysis folder, a GeoPackage or a GeoJSON file (File → Open, or drop it here).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_canvas.cpp" line="140"/>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../map_canvas.cpp" line="142"/>
        <source>suppressed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../main.cpp" line="79"/>
        <source>Running the analysis…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="79"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
