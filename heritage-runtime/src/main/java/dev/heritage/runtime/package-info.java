/**
 * What every running module shares, free of any engine: the class-path model zoo
 * ({@link dev.heritage.runtime.ClasspathModelZoo}) and the local cache folder
 * ({@link dev.heritage.runtime.HeritageCache}) it unpacks into. Internal: for engine and library modules,
 * not applications.
 */
package dev.heritage.runtime;
