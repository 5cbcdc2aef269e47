#pragma once
// SHA-256 (OpenSSL), for the manifests' record of inputs and outputs.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace wardscope::gis {

/// Incremental SHA-256: feed the bytes in order, then take the hex digest.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    /// 64 lowercase hex digits; call once, after the last update.
    [[nodiscard]] std::string hex();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// SHA-256 of a file's bytes, as 64 lowercase hex digits.
std::string sha256File(const std::filesystem::path& path);

}  // namespace wardscope::gis
