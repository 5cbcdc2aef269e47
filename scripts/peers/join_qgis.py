#!/usr/bin/python3
"""QGIS peer of `wardscope analyze`: native:countpointsinpolygon through PyQGIS,
with both layers already loaded into memory layers with spatial indexes, so that
what is timed is the algorithm alone (as the issue asks: the query, data loaded and
indexed).

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/peers/join_qgis.py PEER.gpkg

PEER.gpkg holds layers `points` and `wards` (scripts/bench_join.sh writes it).
Prints "load_s query_s points_counted".
"""
import sys
import time

from qgis.core import QgsApplication, QgsFeatureRequest, QgsProcessingContext, QgsProcessingFeedback, QgsVectorLayer

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
import processing  # noqa: E402
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()


def main():
    gpkg = sys.argv[1]
    t0 = time.perf_counter()
    loaded = {}
    for name in ("points", "wards"):
        src = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        if not src.isValid():
            raise SystemExit(f"cannot open {gpkg} layer {name}")
        mem = src.materialize(QgsFeatureRequest())
        mem.dataProvider().createSpatialIndex()
        loaded[name] = mem
    # As qgis_process does for these layers: no validity check of the inputs (the
    # synthetic layer has 32 invalid wards, which wardscope repairs).
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
    t1 = time.perf_counter()
    result = processing.run("native:countpointsinpolygon", {
        "POLYGONS": loaded["wards"], "POINTS": loaded["points"], "FIELD": "n", "OUTPUT": "memory:"},
        context=context, feedback=QgsProcessingFeedback())
    t2 = time.perf_counter()
    out = result["OUTPUT"]
    total = sum(f["n"] for f in out.getFeatures())
    print(f"{t1 - t0:.2f} {t2 - t1:.2f} {int(total)}")


if __name__ == "__main__":
    main()
    app.exitQgis()
