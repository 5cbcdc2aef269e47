#include "core/tsplib.h"

#include <sstream>
#include <string>

#include "core/error.h"

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

CvrpInstance readCvrp(std::istream& in) {
    CvrpInstance inst;
    enum class Section { None, Coords, Demand, Depot } section = Section::None;
    std::string line;
    long depot = 0;
    while (std::getline(in, line)) {
        std::istringstream row(line);
        std::string first;
        if (!(row >> first)) continue;
        if (first == "EOF") break;
        if (first.rfind("CAPACITY", 0) == 0) {
            const auto colon = line.find(':');
            inst.capacity = std::stod(line.substr(colon == std::string::npos ? line.find_first_of("0123456789") : colon + 1));
            continue;
        }
        if (first == "NODE_COORD_SECTION") section = Section::Coords;
        else if (first == "DEMAND_SECTION") section = Section::Demand;
        else if (first == "DEPOT_SECTION") section = Section::Depot;
        if (first.find_first_not_of("-0123456789") != std::string::npos) continue;  // a keyword line
        std::istringstream values(line);
        long id = 0;
        if (section == Section::Coords) {
            Point p;
            if (values >> id >> p.x >> p.y) inst.points.push_back(p);
        } else if (section == Section::Demand) {
            double q = 0;
            if (values >> id >> q) inst.demand.push_back(q);
        } else if (section == Section::Depot && depot == 0) {
            values >> depot;
        }
    }
    if (inst.points.empty() || inst.demand.size() != inst.points.size())
        throw InputError("CVRP instance: " + std::to_string(inst.points.size()) + " nodes but " +
                         std::to_string(inst.demand.size()) + " demands");
    if (depot < 1 || static_cast<std::size_t>(depot) > inst.points.size()) throw InputError("CVRP instance: the depot is not a node");
    inst.depot = static_cast<std::size_t>(depot - 1);
    return inst;
}

}  // namespace wardscope::core
