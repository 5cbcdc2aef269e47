#include "core/tsplib.h"

#include <sstream>
#include <string>

namespace wardscope::core {

std::vector<Point> readTsplibCoordinates(std::istream& in) {
    std::string line;
    std::vector<Point> pts;
    bool coords = false;
    while (std::getline(in, line)) {
        if (line.rfind("NODE_COORD_SECTION", 0) == 0) {
            coords = true;
            continue;
        }
        if (!coords || line.rfind("EOF", 0) == 0) continue;
        std::istringstream row(line);
        long id = 0;
        Point p;
        if (row >> id >> p.x >> p.y) pts.push_back(p);
    }
    return pts;
}

}  // namespace wardscope::core
