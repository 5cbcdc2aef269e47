#pragma once
// The one exception hierarchy of wardscope. Every layer throws a subclass of
// wardscope::Error; front ends catch it in one place and map it to an exit code.
#include <stdexcept>
#include <string>

namespace wardscope {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad options or arguments: the user has to change the command.
class UsageError : public Error {
public:
    using Error::Error;
};

/// An input file cannot be used at all (missing, unreadable, wrong kind).
/// Bad *rows* never throw: they become reject entries.
class InputError : public Error {
public:
    using Error::Error;
};

/// An output could not be written.
class OutputError : public Error {
public:
    using Error::Error;
};

/// The user cancelled a long operation through the Progress interface.
class Canceled : public Error {
public:
    Canceled() : Error("operation cancelled") {}
};

}  // namespace wardscope
