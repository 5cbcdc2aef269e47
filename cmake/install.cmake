# What `cmake --install build` puts where (GNU layout), and the Debian package
# CPack makes of it: the two programs, the map module, the bundled Hai Phong
# data, the docs, and the viewer in the desktop menu (Vietnamese and English).
# The viewer's translations are compiled into it (viewer/CMakeLists.txt).
include(GNUInstallDirs)
install(TARGETS wardscope wardscope-viewer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS wardscope_map LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/wardscope)
install(FILES data/haiphong/wards_2025.gpkg data/haiphong/children_5_17_estimate.csv
              data/haiphong/road_linked_islands.csv data/haiphong/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/wardscope/data/haiphong)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/wardscope-viewer.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES packaging/wardscope.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wardscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "wardscope")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ward maps and hot spots of child labour for Hai Phong's programme")
set(CPACK_PACKAGE_DESCRIPTION
    "wardscope joins case and survey records to ward boundaries, computes rates, density surfaces and hot spots, "
    "withholds small counts by default, and plans campaign sites and inspection routes; with a Qt 6 map viewer.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # wardscope_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "wardscope developers <wardscope@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the libraries the programs link (dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
include(CPack)
